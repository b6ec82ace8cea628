package dossier

import (
	"container/list"
	"sync"
)

// pdfCache keeps rendered forms in memory, least recently used first out,
// bounded by total size. A form depends only on the dossier's content,
// which changes only with its version, so the key is code, form and
// version and nothing ever needs invalidating; Mẫu 05 (dated the day it is
// printed) is not cached. Rendering a form costs ~15 ms of CPU (fonts
// embedded and subset each time), serving it from here microseconds.
type pdfCache struct {
	mu    sync.Mutex
	max   int
	size  int
	order *list.List // front = most recent
	items map[string]*list.Element
}

type pdfEntry struct {
	key string
	pdf []byte
}

func newPDFCache(max int) *pdfCache {
	return &pdfCache{max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (c *pdfCache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*pdfEntry).pdf, true
}

func (c *pdfCache) put(key string, pdf []byte) {
	if len(pdf) > c.max/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[key]; ok {
		return
	}
	c.items[key] = c.order.PushFront(&pdfEntry{key, pdf})
	c.size += len(pdf)
	for c.size > c.max {
		e := c.order.Back()
		x := e.Value.(*pdfEntry)
		c.order.Remove(e)
		delete(c.items, x.key)
		c.size -= len(x.pdf)
	}
}
