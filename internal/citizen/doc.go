// Package citizen is the citizen side of the one-stop shop (issue 5):
//
//   - accounts: sign-in with a one-time code sent by SMS or e-mail (otp.go),
//     or through an OpenID Connect provider configured by the administrator
//     (oidc.go), and a profile that pre-fills applications (citizen.go);
//   - the personal electronic document store, kho quản lý dữ liệu điện tử
//     (ND 118/2025 Đ22.4; ND 45/2020 Đ16 as amended by ND 118 Đ40.8) with
//     results issued to the citizen and documents they uploaded (docstore.go);
//   - online applications: server-side drafts bound to the citizen, submission
//     through the dossier service (draft.go, submit.go);
//   - the citizen's dossier pages and the evaluation of a returned dossier
//     (rating.go, ND 118 Đ33);
//   - public tracking by dossier code with masked personal data, rate limited
//     and with the same work for known and unknown codes (tracking.go);
//   - the one-stop officers' queue of online dossiers awaiting acceptance
//     with the 8-working-hour clock of ND 118 Đ17.2 (intake.go), and assisted
//     filing with the citizen's consent by one-time code (assisted.go).
//
// The package depends on the dossier, procedure, file and notification
// modules only through the small interfaces in deps.go; internal/app wires
// the real services in (module_citizen.go). It imports no other feature.
package citizen
