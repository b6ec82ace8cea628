// Package dossierui serves the staff HTML pages of the dossier lifecycle
// (issue 4, the HTML half) on top of the dossier service:
//
//	/can-bo/tiep-nhan              counter intake (one-stop officer): find the procedure,
//	                               tick the checklist, applicant, fees, delivery, channel;
//	                               Tiếp nhận (Mẫu 01) / Yêu cầu bổ sung (Mẫu 02) / Từ chối (Mẫu 03)
//	/can-bo/ho-so/cho-xu-ly        the inbox of the signed-in user, by step due time
//	/can-bo/ho-so                  list and search within scope
//	/can-bo/ho-so/{code}           one dossier: summary, the actions the user may take,
//	                               the electronic control sheet (Mẫu 05), documents, forms
//	/can-bo/so-theo-doi            the tracking book (Mẫu 06) by agency and year
//	/quan-tri/quy-trinh/{code}     the internal process of a procedure (administrator)
//
// The pages are keyboard-first (autofocus, access keys, Enter submits the main
// action) and work without JavaScript; CSS (:has) shows the postal fields only
// for postal dossiers. Every form that changes a dossier posts its version, so a
// stale page gets a clear conflict message instead of overwriting someone
// else's work, and intake forms carry an idempotency key so a double click
// creates one dossier.
//
// Rules live in internal/dossier; this package only parses forms, calls the
// service and renders. Out-of-scope dossiers answer 404 (the service decides).
package dossierui
