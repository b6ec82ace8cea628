// Package notify tells citizens what is happening to their dossier (product
// capability E): a transactional outbox of messages, workers that deliver them
// by e-mail (SMTP) and SMS (HTTP gateways with fail-over), Vietnamese
// templates editable by the administrator, and the per-dossier delivery log.
//
// # Outbox
//
// Feature modules call Service.Enqueue inside the transaction of the state
// change that causes the message (a dossier received, a supplement
// requested, a one-time sign-in code…). The message is rendered and stored in
// notify_messages in that transaction, so a rolled-back change sends nothing
// and a committed one is never lost. Each stored message carries an
// idempotency key (Message.Key + ":" + channel) with a UNIQUE constraint:
// enqueuing the same logical message twice stores it once.
//
// # Delivery guarantee
//
// Workers claim due messages from the database (claim.go: one small
// dialect-specific query), so any number of processes can run them. Before
// each provider call the attempt is recorded (status "sending", the provider
// name, a lease in locked_until). The provider receives the idempotency key
// as its request reference: client_ref for SMS gateways, a Message-ID header
// derived from the key for e-mail. If the process dies during an attempt,
// the lease expires and another worker retries the same message with the
// same reference, first through the provider whose outcome is unknown.
//
// So delivery to the provider is at least once with a stable idempotency
// key, and effectively once when the provider de-duplicates on it (the SMS
// gateways we integrate with must honour client_ref; the test gateway in
// smstest does). Two cases can still produce a duplicate and are accepted as
// better than a lost message: a provider that does not de-duplicate, and a
// fail-over after a timeout where the first provider had in fact accepted the
// message. Failed attempts are retried with exponential back-off and jitter
// (1 minute doubling to 1 hour) until Message.ValidFor (24 hours by default)
// has passed; the message then ends "failed" with its last error visible in
// the log.
//
// Dependencies: store, audit, account, apperr, web, textfold, i18n. It
// imports no other feature; the citizen module supplies contact details and
// channel choices through the Directory interface.
package notify
