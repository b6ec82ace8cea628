package files_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/files"
)

func TestPutOpenDedup(t *testing.T) {
	dir := t.TempDir()
	st, err := files.NewDisk(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	content := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), 5000)...)
	b, err := st.Put(ctx, bytes.NewReader(content), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	if b.SHA256 != hex.EncodeToString(sum[:]) || b.Size != int64(len(content)) || b.MIME != files.PDF {
		t.Fatalf("blob = %+v", b)
	}
	b2, err := st.Put(ctx, bytes.NewReader(content), 1<<20)
	if err != nil || b2 != b {
		t.Fatalf("second put = %+v, %v", b2, err)
	}
	rc, err := st.Open(ctx, b.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, content) {
		t.Fatal("content differs")
	}
	// No temporary files are left behind.
	left, _ := os.ReadDir(filepath.Join(dir, "tmp"))
	if len(left) != 0 {
		t.Fatalf("temp files left: %d", len(left))
	}
}

func TestTypesAndLimits(t *testing.T) {
	st, _ := files.NewDisk(t.TempDir())
	ctx := context.Background()
	for name, c := range map[string]struct {
		data []byte
		mime string
	}{
		"jpeg": {[]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, files.JPEG},
		"png":  {[]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13}, files.PNG},
	} {
		b, err := st.Put(ctx, bytes.NewReader(c.data), 1<<20)
		if err != nil || b.MIME != c.mime {
			t.Errorf("%s: %+v %v", name, b, err)
		}
	}
	for name, data := range map[string][]byte{
		"html":  []byte("<html><script>alert(1)</script>"),
		"exe":   []byte("MZ\x90\x00"),
		"empty": {},
	} {
		_, err := st.Put(ctx, bytes.NewReader(data), 1<<20)
		if apperr.Code(err) != apperr.CodeInvalid {
			t.Errorf("%s accepted: %v", name, err)
		}
	}
	big := append([]byte("%PDF-"), bytes.Repeat([]byte("a"), 2<<20)...)
	_, err := st.Put(ctx, bytes.NewReader(big), 1<<20)
	if apperr.Code(err) != apperr.CodeInvalid || !strings.Contains(apperr.Message(err), "quá lớn") {
		t.Fatalf("oversize: %v", err)
	}
	if _, err := st.Open(ctx, strings.Repeat("0", 64)); apperr.Code(err) != apperr.CodeNotFound {
		t.Fatalf("missing: %v", err)
	}
	if _, err := st.Open(ctx, "../../etc/passwd"); apperr.Code(err) != apperr.CodeNotFound {
		t.Fatalf("traversal: %v", err)
	}
}
