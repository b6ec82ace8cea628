// Package account manages staff users, their roles and agency scope,
// passwords (argon2id), server-side sessions (cookies and API bearer tokens)
// and sign-in throttling. A role is scoped to the user's agency subtree.
package account

// Role of a staff user.
type Role string

// Roles (product.md "Who uses it").
const (
	RoleAdministrator  Role = "administrator"
	RoleSupervisor     Role = "supervisor"       // Trung tâm PVHCC, Văn phòng UBND, Sở Nội vụ
	RoleOneStopOfficer Role = "one_stop_officer" // công chức Bộ phận Một cửa
	RoleSpecialist     Role = "specialist"       // chuyên viên
	RoleDivisionHead   Role = "division_head"    // lãnh đạo phòng
	RoleAgencyLeader   Role = "agency_leader"    // lãnh đạo cơ quan
)

// Roles lists every role in display order.
var Roles = []Role{RoleAdministrator, RoleSupervisor, RoleOneStopOfficer, RoleSpecialist, RoleDivisionHead, RoleAgencyLeader}

// Label is the Vietnamese name of the role.
func (r Role) Label() string {
	switch r {
	case RoleAdministrator:
		return "Quản trị hệ thống"
	case RoleSupervisor:
		return "Giám sát"
	case RoleOneStopOfficer:
		return "Công chức Một cửa"
	case RoleSpecialist:
		return "Chuyên viên"
	case RoleDivisionHead:
		return "Lãnh đạo phòng"
	case RoleAgencyLeader:
		return "Lãnh đạo cơ quan"
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}
