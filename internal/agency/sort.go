package agency

import (
	"sort"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// SortByName sorts agencies by kind order then by Vietnamese collation of
// their names (byte order would put Đ, Ơ and Ư after Z).
func SortByName(as []*Agency) {
	col := collate.New(language.Vietnamese)
	rank := map[Kind]int{}
	for i, k := range Kinds {
		rank[k] = i
	}
	sort.SliceStable(as, func(i, j int) bool {
		if rank[as[i].Kind] != rank[as[j].Kind] {
			return rank[as[i].Kind] < rank[as[j].Kind]
		}
		return col.CompareString(as[i].Name, as[j].Name) < 0
	})
}
