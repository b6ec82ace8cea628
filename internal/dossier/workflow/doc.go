// Package workflow holds the pure rules of the dossier lifecycle (hồ sơ
// thủ tục hành chính): the states and their national-portal (DVCQG) status
// codes, the actions and who may take them when, the internal process of a
// procedure (quy trình nội bộ) with its validation and default split, the
// dossier code format (TT 01/2018 Đ19, TT 04/2025) and the applicant's
// identifier checks.
//
// Everything here is a function of its arguments and the time passed in. It
// imports no database, HTTP or calendar package: facts that need the working
// calendar (the last instant a supplement may be requested, the due time)
// are computed by the service and handed in through Dossier.
//
// Rules cite their source: ND 118/2025/NĐ-CP (one-stop mechanism, in force
// 01/7/2025), TT 01/2018/TT-VPCP, TT 03/2025/TT-VPCP and TT 04/2025/TT-VPCP,
// QĐ 45/2016/QĐ-TTg (postal channel).
package workflow
