package citizen_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/citizen"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

// memFiles stands in for internal/files in these unit tests (the app tests
// use the real store): PDF/JPEG/PNG only, 1 MiB at most.
type memFiles struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (f *memFiles) Put(ctx context.Context, citizenID int64, name string, r io.Reader) (citizen.FileInfo, error) {
	b, _ := io.ReadAll(io.LimitReader(r, 1<<20+1))
	if len(b) > 1<<20 {
		return citizen.FileInfo{}, apperr.Invalid("Tệp quá lớn.")
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		return citizen.FileInfo{}, apperr.Invalid("Chỉ nhận tệp PDF.")
	}
	sum := sha256.Sum256(b)
	sha := hex.EncodeToString(sum[:])
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.m == nil {
		f.m = map[string][]byte{}
	}
	f.m[sha] = b
	return citizen.FileInfo{SHA256: sha, Size: int64(len(b)), ContentType: "application/pdf", Name: name}, nil
}

func (f *memFiles) Open(ctx context.Context, sha string) (io.ReadCloser, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.m[sha]
	if !ok {
		return nil, apperr.NotFound("không có")
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

func (f *memFiles) Adopt(ctx context.Context, citizenID int64, sha string) (citizen.FileInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return citizen.FileInfo{SHA256: sha, Size: int64(len(f.m[sha])), ContentType: "application/pdf"}, nil
}

type procs map[string]*citizen.OnlineProcedure

func (p procs) Online(ctx context.Context, code string) (*citizen.OnlineProcedure, error) {
	if x, ok := p[code]; ok {
		return x, nil
	}
	return nil, apperr.NotFound("Không tìm thấy thủ tục.")
}

var testProcs = procs{
	"1.001193": {Code: "1.001193", Name: "Đăng ký khai sinh", OnlineLevel: "full", ResultCode: "KQ.G17.000001",
		Documents: []citizen.ProcedureDocument{{Name: "Tờ khai đăng ký khai sinh", Mandatory: true}, {Name: "Giấy chứng sinh", Mandatory: true},
			{Name: "Văn bản ủy quyền", Condition: "Khi ủy quyền"}},
		Agencies: []citizen.AgencyOption{{Code: "001.01.00.H27", Name: "TTPVHCC phường Thành Sen"}, {Code: "002.01.00.H27", Name: "TTPVHCC phường Hà Huy Tập"}}},
	"2.000815": {Code: "2.000815", Name: "Chứng thực bản sao từ bản chính", OnlineLevel: "none"},
}

func signedIn(t *testing.T, s *citizen.Service, ob *outbox, phone string) *citizen.Citizen {
	t.Helper()
	ctx := context.Background()
	ch, err := s.StartSignIn(ctx, phone, "10.1.1.1")
	if err != nil {
		t.Fatal(err)
	}
	c, _, err := s.FinishSignIn(ctx, ch.ID, ob.lastCode(t, phone), "10.1.1.1")
	if err != nil {
		t.Fatal(err)
	}
	c2, err := s.UpdateProfile(ctx, c.ID, citizen.Profile{FullName: "Nguyễn Thị Hường", IDNumber: "042185001234", BirthDate: "1985-03-02",
		Address: "Số 5 Trần Phú, phường Thành Sen", NotifySMS: true})
	if err != nil {
		t.Fatal(err)
	}
	return c2
}

func TestDocumentStore(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, ob, _ := newService(t, db)
		s.Files = &memFiles{}
		c := signedIn(t, s, ob, "0912345678")
		other := signedIn(t, s, ob, "0987654321")
		if _, err := s.AddUpload(ctx, c, "Ảnh", "anh.exe", strings.NewReader("MZ…")); apperr.Code(err) != apperr.CodeInvalid {
			t.Fatalf("wrong type accepted: %v", err)
		}
		d, err := s.AddUpload(ctx, c, "", "giay-chung-sinh.pdf", strings.NewReader("%PDF-1.4 giấy chứng sinh"))
		if err != nil {
			t.Fatal(err)
		}
		if d.Title != "giay-chung-sinh" || !citizen.ValidDraftID(d.PublicID) {
			t.Fatalf("document %+v", d)
		}
		// Another citizen cannot see, open or delete it.
		if _, err := s.Document(ctx, other.ID, d.PublicID); apperr.Code(err) != apperr.CodeNotFound {
			t.Fatalf("foreign document: %v", err)
		}
		if err := s.DeleteDocument(ctx, other, d.PublicID); apperr.Code(err) != apperr.CodeNotFound {
			t.Fatalf("foreign delete: %v", err)
		}
		// Results are filed once, with their document code, and cannot be deleted.
		res := []citizen.IssuedResult{{DossierCode: "D-1", TypeCode: "KQ.G17.000001", Title: "Giấy khai sinh", Files: []string{strings.Repeat("a", 64)}}}
		for i, want := range []int{1, 0} {
			n, err := s.AddResults(ctx, c, res)
			if err != nil || n != want {
				t.Fatalf("AddResults #%d = %d, %v", i, n, err)
			}
		}
		docs, err := s.Documents(ctx, c.ID)
		if err != nil || len(docs) != 2 {
			t.Fatalf("documents %v %v", docs, err)
		}
		var result citizen.Document
		for _, x := range docs {
			if x.Source == citizen.SourceResult {
				result = x
			}
		}
		if result.DocCode != "042185001234.KQ.G17.000001" {
			t.Fatalf("result document code %q", result.DocCode)
		}
		if err := s.DeleteDocument(ctx, c, result.PublicID); apperr.Code(err) != apperr.CodeUnprocessable {
			t.Fatalf("result deleted: %v", err)
		}
		if err := s.DeleteDocument(ctx, c, d.PublicID); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.CountDocuments(ctx, c.ID); n != 1 {
			t.Fatalf("count after delete = %d", n)
		}
	})
}

func TestDrafts(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, ob, _ := newService(t, db)
		s.Files, s.Procedures = &memFiles{}, testProcs
		c := signedIn(t, s, ob, "0912345678")
		other := signedIn(t, s, ob, "0987654321")
		if _, err := s.CreateDraft(ctx, c, "2.000815", 0); apperr.Code(err) != apperr.CodeUnprocessable {
			t.Fatalf("offline procedure: %v", err)
		}
		if _, err := s.CreateDraft(ctx, c, "9.999999", 0); apperr.Code(err) != apperr.CodeNotFound {
			t.Fatalf("unknown procedure: %v", err)
		}
		d, err := s.CreateDraft(ctx, c, "1.001193", 0)
		if err != nil {
			t.Fatal(err)
		}
		if d.Data.Applicant.Name != "Nguyễn Thị Hường" || d.Data.Applicant.IDNumber != "042185001234" || d.Data.Applicant.Phone != "0912345678" {
			t.Fatalf("not pre-filled from the profile: %+v", d.Data.Applicant)
		}
		// Applicant step: saved even when incomplete, with the step's errors.
		agency := "001.01.00.H27"
		app := d.Data.Applicant
		app.Address = ""
		saved, verr, err := s.SaveStep(ctx, c.ID, d.ID, citizen.StepApplicant, citizen.StepInput{Applicant: &app, AgencyCode: &agency})
		if err != nil || apperr.FieldsOf(verr)["address"] == "" || saved.Data.AgencyCode != agency {
			t.Fatalf("incomplete step: %v %v %+v", err, verr, saved)
		}
		app.Address = "Số 5 Trần Phú"
		if _, verr, err = s.SaveStep(ctx, c.ID, d.ID, citizen.StepApplicant, citizen.StepInput{Applicant: &app}); err != nil || verr != nil {
			t.Fatalf("applicant step: %v %v", err, verr)
		}
		// Documents: only the citizen's own store documents can be attached.
		doc1, _ := s.AddUpload(ctx, c, "Tờ khai", "to-khai.pdf", strings.NewReader("%PDF-1.4 tờ khai"))
		foreign, _ := s.AddUpload(ctx, other, "Của người khác", "x.pdf", strings.NewReader("%PDF-1.4 x"))
		if _, _, err := s.SaveStep(ctx, c.ID, d.ID, citizen.StepDocuments, citizen.StepInput{Documents: map[int]string{1: foreign.PublicID}}); apperr.Code(err) != apperr.CodeInvalid {
			t.Fatalf("foreign document attached: %v", err)
		}
		_, verr, err = s.SaveStep(ctx, c.ID, d.ID, citizen.StepDocuments, citizen.StepInput{Documents: map[int]string{0: doc1.PublicID}})
		if err != nil || apperr.FieldsOf(verr)["doc_1"] == "" || apperr.FieldsOf(verr)["doc_2"] != "" {
			t.Fatalf("missing mandatory document: %v %v", err, apperr.FieldsOf(verr))
		}
		// Resumable: another read (another device) sees what was saved.
		again, err := s.Draft(ctx, c.ID, d.ID)
		if err != nil || again.Data.Documents[0] != doc1.PublicID || again.Step != citizen.StepDocuments || again.Data.Applicant.Address != "Số 5 Trần Phú" {
			t.Fatalf("resumed draft %+v %v", again, err)
		}
		// Tampered and foreign ids are not found.
		for _, id := range []string{d.ID[:len(d.ID)-1] + "0", "../../etc", "", strings.ToUpper(d.ID)} {
			if id == d.ID {
				continue
			}
			if _, err := s.Draft(ctx, c.ID, id); apperr.Code(err) != apperr.CodeNotFound {
				t.Errorf("Draft(%q) = %v", id, err)
			}
		}
		if _, err := s.Draft(ctx, other.ID, d.ID); apperr.Code(err) != apperr.CodeNotFound {
			t.Fatalf("foreign draft: %v", err)
		}
		if _, _, err := s.SaveStep(ctx, other.ID, d.ID, citizen.StepReview, citizen.StepInput{}); apperr.Code(err) != apperr.CodeNotFound {
			t.Fatalf("foreign save: %v", err)
		}
		list, _ := s.Drafts(ctx, c.ID)
		if len(list) != 1 || list[0].ID != d.ID {
			t.Fatalf("drafts %+v", list)
		}
		if err := s.DeleteDraft(ctx, other, d.ID); apperr.Code(err) != apperr.CodeNotFound {
			t.Fatalf("foreign delete: %v", err)
		}
		if err := s.DeleteDraft(ctx, c, d.ID); err != nil {
			t.Fatal(err)
		}
	})
}
