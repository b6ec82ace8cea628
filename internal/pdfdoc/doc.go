// Package pdfdoc renders the official one-stop forms as PDF from plain Go
// values. It reads no database and serves no HTTP (it must not import
// store, web or database/sql): the dossier module fills the input structs,
// and web streams the result.
//
// # Forms
//
// TT 01/2018/TT-VPCP Đ9 numbers the forms; their fields follow the 2025
// BM.01–BM.06 wording of ND 118/2025/NĐ-CP and TT 03/2025/TT-VPCP
// (shared/domain/legal-reference.md §2.1–2.2):
//
//	Mẫu số 01  WriteReceipt            Giấy tiếp nhận hồ sơ và hẹn trả kết quả   A5
//	Mẫu số 02  WriteSupplementRequest  Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ   A5
//	Mẫu số 03  WriteRefusal            Phiếu từ chối tiếp nhận giải quyết hồ sơ  A5
//	Mẫu số 04  WriteApology            Phiếu xin lỗi và hẹn lại ngày trả kết quả A5
//	Mẫu số 05  WriteControlSheet       Phiếu kiểm soát quá trình giải quyết hồ sơ A5
//	—          WriteStopNotice         Thông báo dừng giải quyết hồ sơ           A5
//	Mẫu số 06  WriteTrackingBook       Sổ theo dõi hồ sơ                          A4 landscape
//
// Each WriteX(w io.Writer, x X) error writes a complete PDF to w, or
// nothing if it fails. Forms 02, 03 and 04 return an apperr invalid error
// (with per-field messages) when their rule-bearing content is missing: the
// items to supplement, the reasons for refusal, the reason for delay and the
// new date. Any other field may be left empty; it then prints as a dotted
// blank to be completed by hand, as TT 01/2018 Đ10.1 expects officers to
// complete forms. The book takes its rows as an iterator so that they can
// stream from a query; package report writes the same book as XLSX.
//
// Rules the layout follows:
//   - paper: A5 for 01–05, A4 for 06 (TT 01/2018 Đ9.2);
//   - national header: agency block on the left (parent agency, then the
//     issuing agency in bold with a short rule under it, then "Số: …"),
//     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and the underlined
//     "Độc lập - Tự do - Hạnh phúc" on the right with the italic
//     place-and-date line (ND 30/2020/NĐ-CP Phụ lục I);
//   - Mẫu 01 prints the dossier code, a QR code of the public tracking URL
//     (TT 01/2018 Đ19 allows a barcode or QR code with the code) and, on
//     request, the note that a dossier received after 15:00 counts from the
//     next working day (legal-reference §7: a per-procedure rule, so the
//     caller decides);
//   - Mẫu 02 says the request is complete and made once (ND 118 Đ11.2c,
//     Đ16.3) and, optionally, when the dossier will be closed (Đ19.5);
//   - Mẫu 04 is signed by the head of the handling agency (ND 118 Đ19.6); the
//     caller enforces "one re-appointment only" and "one day before";
//   - the stop notice (ND 118 Đ21, TT 03/2025 Đ7) has no number in
//     TT 01/2018 and its number in TT 03/2025 is unverified, so it has none;
//   - Mẫu 05 and 06 are tables that run over pages, repeating the header row;
//     multi-page documents number their pages "Trang x/y";
//   - the book's STT runs on from the previous row, or from BookEntry.Seq, so
//     a new volume continues the year's numbering (TT 01/2018 Đ10.2).
//
// Instants (time.Time) are printed in Asia/Ho_Chi_Minh whatever their zone;
// money is int64 đồng, printed "50.000 đồng" (see Money).
//
// # Fonts and text
//
// The fonts are Tinos Regular, Bold and Italic 1.33 from Debian
// fonts-croscore (SIL OFL 1.1, fonts/OFL.txt), embedded with go:embed and
// loaded with fpdf's AddUTF8FontFromBytes. Tinos is metric-compatible with
// Times New Roman (prescribed by ND 30/2020) and covers all Vietnamese
// letters; a test checks every one in every style. Never substitute
// Liberation Serif 1.x: it lacks U+1EA0–U+1EF9 and prints boxes while
// pdftotext still reads the text (shared/docs/dependencies.md §5.1).
//
// All text is normalised to NFC, control characters are dropped, and runes
// above U+FFFF (emoji, on which fpdf panics) are removed; runes the fonts
// cannot draw become '?'. A panic inside fpdf is returned as an error.
//
// # Cost
//
// Upstream fpdf does all of its font work again for every document:
// AddUTF8FontFromBytes re-parses each TTF and JSON-encodes a 65,536-entry
// width table to make a font ID, and Output cuts a subset, builds its width
// array and compresses a 128 kB CIDToGIDMap per style — 10–20 ms of CPU for
// a receipt. motcua builds fpdf from third_party/fpdf, a copy of v0.12.0
// with a small patch (third_party/fpdf/cache.go, PATCHES.md): fonts are
// parsed once per process, and the finished subset objects are cached by
// font and set of used runes. Every document marks the same base set as
// used (baseRunes: ASCII, every Vietnamese letter, common punctuation), so
// all Vietnamese documents share one subset per style; a name with another
// letter gets a subset of its own, cached in turn. A receipt is then about
// 77 kB (the subsets hold every Vietnamese letter) and takes about 0.9 ms of
// CPU (1,800 a second on two cores), most of it laying out the text and
// compressing the page; the QR layouts are cached too (qr.go).
// BenchmarkReceipt, BenchmarkReceiptParallel and BenchmarkQREncode measure
// it; docs/benchmarks.md has the figures.
// A 1,000-row book takes about 0.1 s.
package pdfdoc
