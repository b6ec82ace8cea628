package admin

import (
	"net/http"
	"strings"

	"github.com/motcua/motcua/internal/account"
)

type tile struct {
	Href, Label, Desc string
}

type homeData struct {
	Tiles []tile
}

// handleHome is the administration landing page: this module's tiles plus
// every other module's administration link (menu items under /quan-tri/).
func (h *Handler) handleHome(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	var d homeData
	if p.Has(account.RoleAdministrator) {
		d.Tiles = append(d.Tiles,
			tile{Href: "/quan-tri/co-quan", Label: "Cơ quan, đơn vị", Desc: "Cây cơ quan, đơn vị: mã định danh, địa chỉ, giờ làm việc."},
			tile{Href: "/quan-tri/nguoi-dung", Label: "Người dùng", Desc: "Tài khoản cán bộ, vai trò, cán bộ trực một cửa, mật khẩu."})
	}
	d.Tiles = append(d.Tiles, tile{Href: "/quan-tri/nhat-ky", Label: "Nhật ký", Desc: "Nhật ký thay đổi và kiểm tra tính toàn vẹn của chuỗi."})
	v := h.srv.NewView(r, "Quản trị", nil)
	seen := map[string]bool{"/quan-tri": true}
	for _, t := range d.Tiles {
		seen[t.Href] = true
	}
	for _, n := range v.Nav {
		if strings.HasPrefix(n.Href, "/quan-tri/") && !seen[n.Href] {
			seen[n.Href] = true
			d.Tiles = append(d.Tiles, tile{Href: n.Href, Label: n.Label})
		}
	}
	v.Data = d
	h.pages.Render(w, http.StatusOK, "admin_home", v)
}
