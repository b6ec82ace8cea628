// motcua patch (not in upstream fpdf v0.12.0): a process-wide cache for
// UTF-8 TrueType fonts, so that documents do not pay for the same font work
// again and again. Upstream parses the TTF, JSON-encodes and SHA-1s its
// 65,536-entry width table (the font ID) in every AddUTF8FontFromBytes, and
// cuts a subset, builds the /W widths and compresses a 128 kB CIDToGIDMap
// for every font of every Output: about 15 ms of CPU for a one-page form
// with three styles. Here:
//
//   - utf8FontDef parses each (font key, font bytes) once; every document
//     shares the read-only metrics (Cw is never written after parsing);
//   - utf8FontSubsetFor keeps the finished, compressed objects of a subset
//     keyed by font ID and the exact set of used runes, so two documents
//     that use the same runes embed byte-identical font objects without
//     recomputing them. AddUTF8Runes lets a caller make that set stable
//     (e.g. always embed every Vietnamese letter).
//
// The output of a document is unchanged for a given set of used runes.

package fpdf

import (
	"encoding/binary"
	"fmt"
	"sync"
)

type utf8DefKey struct {
	fontkey string
	data    *byte
	n       int
}

var utf8Defs sync.Map // utf8DefKey → fontDefType (usedRunes nil)

// utf8FontDef returns the definition of a UTF-8 font from its bytes, parsed
// once per process. The bytes must not change after the first call (fonts
// come from go:embed or a file read once).
func utf8FontDef(fontkey string, b []byte) (fontDefType, error) {
	if len(b) == 0 {
		return fontDefType{}, fmt.Errorf("fpdf: empty UTF-8 font %s", fontkey)
	}
	k := utf8DefKey{fontkey, &b[0], len(b)}
	if v, ok := utf8Defs.Load(k); ok {
		return v.(fontDefType), nil
	}
	reader := fileReader{readerPosition: 0, array: b}
	uf := newUTF8Font(&reader)
	if err := uf.parseFile(); err != nil {
		return fontDefType{}, fmt.Errorf("fpdf: parse UTF-8 font %s: %w", fontkey, err)
	}
	def := fontDefType{
		Tp:   "UTF8",
		Name: fontkey,
		Desc: FontDescType{
			Ascent:       int(uf.Ascent),
			Descent:      int(uf.Descent),
			CapHeight:    uf.CapHeight,
			Flags:        uf.Flags,
			FontBBox:     uf.Bbox,
			ItalicAngle:  uf.ItalicAngle,
			StemV:        uf.StemV,
			MissingWidth: round(uf.DefaultWidth),
		},
		Up:        int(round(uf.UnderlinePosition)),
		Ut:        round(uf.UnderlineThickness),
		Cw:        uf.CharWidths,
		utf8Bytes: b,
	}
	var err error
	if def.i, err = generateFontID(def); err != nil {
		return fontDefType{}, err
	}
	v, _ := utf8Defs.LoadOrStore(k, def)
	return v.(fontDefType), nil
}

// utf8Subset holds the per-font objects of Output that depend only on the
// font and its used runes.
type utf8Subset struct {
	widths      string // "/W [...]" of the CIDFontType2 dictionary
	cidToGIDMap []byte // FlateDecode stream
	fontFile    []byte // FlateDecode stream of the cut TTF
	length1     int    // uncompressed size of the cut TTF
}

// maxSubsets bounds the cache; when it is full an arbitrary entry goes. A
// subset of a Latin/Vietnamese font is 20–60 kB compressed.
const maxSubsets = 256

var subsets = struct {
	sync.Mutex
	m map[string]*utf8Subset
}{m: map[string]*utf8Subset{}}

// subsetKey is the font ID and the set of used runes as a bitmap. As in
// upstream, the set is the map's values: the initial range 0..n maps runes
// to 0, so only runes actually drawn (or added) count.
func subsetKey(font *fontDefType) string {
	top := 0
	for _, v := range font.usedRunes {
		top = max(top, v)
	}
	set := make([]uint64, top/64+1)
	for _, v := range font.usedRunes {
		if v > 0 {
			set[v/64] |= 1 << (v % 64)
		}
	}
	b := make([]byte, 0, len(font.i)+1+8*len(set))
	b = append(b, font.i...)
	b = append(b, 0)
	for _, w := range set {
		b = binary.LittleEndian.AppendUint64(b, w)
	}
	return string(b)
}

func utf8FontSubsetFor(f *Fpdf, font *fontDefType) (*utf8Subset, error) {
	key := subsetKey(font)
	subsets.Lock()
	sub := subsets.m[key]
	subsets.Unlock()
	if sub != nil {
		return sub, nil
	}
	uf := font.utf8File
	if uf == nil {
		reader := fileReader{readerPosition: 0, array: font.utf8Bytes}
		uf = newUTF8Font(&reader)
		if err := uf.parseFile(); err != nil {
			return nil, fmt.Errorf("fpdf: parse UTF-8 font %s: %w", font.Name, err)
		}
	}
	usedRunes := font.usedRunes
	delete(usedRunes, 0)
	stream := uf.GenerateCutFont(usedRunes)
	codeSign := uf.CodeSymbolDictionary
	delete(codeSign, 0)
	sub = &utf8Subset{widths: generateCIDFontMap(font, uf.LastRune), length1: len(stream)}

	cidToGidMap := make([]byte, 256*256*2)
	for cc, glyph := range codeSign {
		cidToGidMap[cc*2] = byte(glyph >> 8)
		cidToGidMap[cc*2+1] = byte(glyph & 0xFF)
	}
	mem := xmem.compress(cidToGidMap)
	sub.cidToGIDMap = mem.copy()
	mem.release()
	mem = xmem.compress(stream)
	sub.fontFile = mem.copy()
	mem.release()

	subsets.Lock()
	if len(subsets.m) >= maxSubsets {
		for k := range subsets.m {
			delete(subsets.m, k)
			break
		}
	}
	subsets.m[key] = sub
	subsets.Unlock()
	return sub, nil
}

// AddUTF8Runes marks the runes of s as used by the UTF-8 font familyStr /
// styleStr, added before with AddUTF8FontFromBytes or AddUTF8Font, so that
// its embedded subset contains them whether or not the document draws them.
// Giving every document the same base set lets them share one cached subset
// (motcua patch).
func (f *Fpdf) AddUTF8Runes(familyStr, styleStr, s string) {
	if f.err != nil {
		return
	}
	font, ok := f.fonts[getFontKey(fontFamilyEscape(familyStr), styleStr)]
	if !ok || font.Tp != "UTF8" {
		f.err = fmt.Errorf("fpdf: AddUTF8Runes: no UTF-8 font %s %s", familyStr, styleStr)
		return
	}
	for _, r := range s {
		font.usedRunes[int(r)] = int(r)
	}
}
