package citizen

import (
	"context"
	"io"
	"time"
)

// FileInfo describes stored content.
type FileInfo struct {
	SHA256      string
	Size        int64
	ContentType string
	Name        string // the name offered on download
}

// Files is the content-addressed file store (internal/files), as this
// package uses it.
type Files interface {
	// Put stores an upload by the citizen after checking its type and size;
	// a refused file is an invalid error with a Vietnamese message.
	Put(ctx context.Context, citizenID int64, name string, r io.Reader) (FileInfo, error)
	// Open opens stored content.
	Open(ctx context.Context, sha256 string) (io.ReadCloser, error)
	// Adopt records stored content (a result issued to the citizen) as the
	// citizen's file and returns its type and size.
	Adopt(ctx context.Context, citizenID int64, sha256 string) (FileInfo, error)
}

// OnlineProcedure is what an online application needs from the procedure
// version in force.
type OnlineProcedure struct {
	Code        string
	Name        string
	OnlineLevel string // full | partial | none (ND 42/2022 Đ11)
	TimeWords   string // "5 ngày làm việc"
	ResultCode  string // result-type code (mã loại kết quả)
	ResultName  string
	Documents   []ProcedureDocument
	Fees        []ProcedureFee
	Agencies    []AgencyOption // where the dossier may be received
}

// ProcedureDocument is one item of the checklist.
type ProcedureDocument struct {
	Name      string
	Mandatory bool
	Condition string
	Originals int
	Copies    int
	Form      string
	FormURL   string // blank form to download, "" = none
}

// ProcedureFee is one fee of the procedure.
type ProcedureFee struct {
	Name   string
	Amount int64
	Case   string
}

// AgencyOption is a receiving agency the citizen may choose.
type AgencyOption struct {
	Code string
	Name string
}

// Online reports whether the procedure can be applied for online.
func (p *OnlineProcedure) Online() bool { return p.OnlineLevel == "full" || p.OnlineLevel == "partial" }

// Procedures looks up procedures for online application.
type Procedures interface {
	// Online returns the version in force of the procedure (not_found when
	// unknown or not in force).
	Online(ctx context.Context, code string) (*OnlineProcedure, error)
}

// DossierSummary is a dossier as listed on the citizen's pages.
type DossierSummary struct {
	Code          string
	ProcedureName string
	Status        string
	StatusText    string
	AgencyName    string
	SubmittedAt   time.Time
	ReceivedAt    time.Time
	DueAt         time.Time
}

// Dossiers is what this package needs from the dossier module.
type Dossiers interface {
	// ForCitizen lists the citizen's dossiers, newest first (limit ≤ 0: all).
	ForCitizen(ctx context.Context, citizenID int64, limit int) ([]DossierSummary, error)
	// Results returns the electronic results issued to the citizen: of the
	// dossiers they filed, and (when verified is true) of dossiers filed
	// elsewhere for the same ID number.
	Results(ctx context.Context, citizenID int64, idNumber string, verified bool) ([]IssuedResult, error)
	// SubmitOnline files a completed application as an online dossier
	// waiting for acceptance and returns its code or intake reference
	// (idempotent on in.Key). Field errors are invalid errors.
	SubmitOnline(ctx context.Context, in OnlineSubmission) (string, error)
	// Detail returns one of the citizen's own dossiers (not_found otherwise).
	Detail(ctx context.Context, citizenID int64, code string) (*DossierDetail, error)
	// WriteForm writes one of the dossier's forms as PDF.
	WriteForm(ctx context.Context, citizenID int64, code, form string, w io.Writer) error
	// OpenFile opens a file of one of the citizen's dossiers or uploads.
	OpenFile(ctx context.Context, citizenID int64, sha string) (io.ReadCloser, FileInfo, error)
	// Resubmit sends an online dossier back after a request for changes
	// (ND 118 Đ17.2), with the files added per checklist item.
	Resubmit(ctx context.Context, citizenID int64, code string, version int64, docs map[int][]string, note string) error
}
