package server

import (
	"maps"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/capture"
	"github.com/contactgraph/contactgraph/graph"
)

// captureRoutes registers the capture of mail and calendar files
// (docs/capture.md), the HTTP form of `contactgraph capture`.
func (s *Server) captureRoutes(g *gin.RouterGroup) {
	g.POST("/capture", s.captureFiles)
}

// captureFields are the form fields POST /capture takes besides files.
var captureFields = []string{"consent", "until", "bulkRecipients"}

// captureFiles takes a multipart upload of mailboxes (mbox, .eml) and
// calendars (.ics) and records their interactions. Every file is read
// first: a file that is no mailbox or calendar rejects the upload before
// anything is written; then everything is recorded in one transaction.
func (s *Server) captureFiles(c *gin.Context) {
	if _, err := query(c); err != nil {
		_ = c.Error(err)
		return
	}
	const files = "mbox, .eml or .ics files"
	form, ok := uploadForm(c, files, files)
	if !ok {
		return
	}
	defer func() { _ = form.RemoveAll() }()
	ctx := c.Request.Context()
	var probs graph.Problems
	for _, k := range slices.Sorted(maps.Keys(form.Value)) {
		switch {
		case !slices.Contains(captureFields, k):
			probs.Add(k, "is not a field of this upload (it takes files and %s)", joinNames(captureFields))
		case k != "consent" && len(form.Value[k]) > 1:
			probs.Add(k, "is given %d times; give it once", len(form.Value[k]))
		}
	}
	opt := capture.Options{Until: time.Now().UTC()}
	if v := form.Value["until"]; len(v) == 1 {
		t, err := time.Parse(time.RFC3339, v[0])
		if err != nil {
			t, err = time.Parse(time.DateOnly, v[0])
		}
		if err != nil {
			probs.Add("until", "%q: want RFC 3339 or YYYY-MM-DD", clipValue(v[0]))
		}
		opt.Until = t.UTC()
	}
	if v := form.Value["bulkRecipients"]; len(v) == 1 {
		n, err := strconv.Atoi(v[0])
		if err != nil || n < 1 || n > capture.DefaultMaxRecipients {
			probs.Add("bulkRecipients", "%q: want an integer from 1 to %d", clipValue(v[0]), capture.DefaultMaxRecipients)
		}
		opt.BulkRecipients = n
	}
	var consent []string
	for _, v := range form.Value["consent"] {
		for _, line := range strings.Split(v, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				consent = append(consent, line)
			}
		}
	}
	nfiles := 0
	for _, hs := range form.File {
		nfiles += len(hs)
	}
	if nfiles == 0 {
		probs.Add("files", "no files uploaded: want mbox, .eml or .ics files")
	}
	if err := probs.Err(); err != nil {
		_ = c.Error(err)
		return
	}
	dir, err := capture.LoadDirectory(ctx, s.store)
	if err != nil {
		_ = c.Error(err)
		return
	}
	ids, err := dir.Consent(ctx, s.store, consent)
	if err != nil {
		_ = c.Error(err)
		return
	}
	// BatchSize 0: everything goes to the store in one transaction at
	// Flush, after every file was read.
	r := &capture.Recorder{Store: s.store, Dir: dir, Consent: ids, Until: opt.Until,
		Model: s.cfg.TrustModel}
	for _, field := range slices.Sorted(maps.Keys(form.File)) {
		for _, fh := range form.File[field] {
			f, err := fh.Open()
			if err == nil {
				_, err = r.Read(ctx, path.Base(fh.Filename), f, opt)
				_ = f.Close()
			}
			if err != nil {
				probs.Add(field, "file %q: %v", clipValue(path.Base(fh.Filename)), err)
			}
		}
	}
	if err := probs.Err(); err != nil {
		_ = c.Error(err)
		return
	}
	if err := r.Flush(ctx); err != nil {
		_ = c.Error(err)
		return
	}
	sum := r.Summary
	if sum.SkippedReasons == nil {
		sum.SkippedReasons = []capture.ItemError{}
	}
	s.audit(ctx, auditInteractionsCaptured).Int("files", sum.Files).Int("items", sum.Items).
		Int("recorded", sum.Recorded).Int("interactions", sum.Interactions).Int("duplicates", sum.Duplicates).
		Int("employees", len(ids)).Msg("interactions captured")
	c.JSON(http.StatusOK, sum)
}
