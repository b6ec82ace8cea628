package calendarui

import (
	"io/fs"
	"testing/fstest"

	"github.com/motcua/motcua/internal/web"
)

// mustPages parses the page templates. web.NewPages parses each page file
// with the common layout only, so the definitions shared by this module's
// pages (templates/shared/parts.html: the month grids, the lists, the
// banner) are appended to every page file first.
func mustPages() *web.Pages {
	shared, err := fs.ReadFile(templateFS, "templates/shared/parts.html")
	if err != nil {
		panic(err)
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	m := fstest.MapFS{}
	for _, f := range files {
		b, err := fs.ReadFile(templateFS, f)
		if err != nil {
			panic(err)
		}
		m[f] = &fstest.MapFile{Data: append(append(b, '\n'), shared...)}
	}
	return web.MustPages(m, "templates/*.html")
}
