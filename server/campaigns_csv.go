package server

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/routing"
)

// Answer formats of a campaign.
const (
	formatJSON = "application/json"
	formatCSV  = "text/csv"
)

// campaignFormat chooses JSON or CSV from an Accept header: the acceptable
// one with the higher q (a media range's q comes from its most specific
// match), JSON on a tie or without the header. Neither acceptable is 406.
func campaignFormat(accept string) (string, error) {
	if strings.TrimSpace(accept) == "" {
		return formatJSON, nil
	}
	best, bestQ := "", 0.0
	for _, f := range []string{formatJSON, formatCSV} {
		if q := acceptQ(accept, f); q > bestQ {
			best, bestQ = f, q
		}
	}
	if best == "" {
		return "", &httpError{status: http.StatusNotAcceptable,
			detail: fmt.Sprintf("Accept %q: this endpoint answers application/json or text/csv", clipValue(accept))}
	}
	return best, nil
}

// acceptQ returns the quality an Accept header gives the media type mt.
func acceptQ(accept, mt string) float64 {
	typ, _, _ := strings.Cut(mt, "/")
	q, spec := 0.0, -1
	for _, part := range strings.Split(accept, ",") {
		r, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		s := -1
		switch {
		case r == mt:
			s = 2
		case r == typ+"/*":
			s = 1
		case r == "*/*":
			s = 0
		}
		if s <= spec {
			continue
		}
		rq := 1.0
		if v, ok := params["q"]; ok {
			if rq, err = strconv.ParseFloat(v, 64); err != nil || rq < 0 || rq > 1 {
				continue
			}
		}
		q, spec = rq, s
	}
	return q
}

// writeCampaignCSV answers with the campaign as CSV for mail merge (see
// campaigns.Result.WriteCSV). The summary travels in headers, all but
// bySender, which can be long: ask for JSON to get it.
// The scores of the withheld customers are left out, of the rows and of the
// total (see privacy.go).
func (s *Server) writeCampaignCSV(c *gin.Context, res *campaigns.Result, withheld map[string]bool) {
	h := c.Writer.Header()
	sum := res.Summary
	sum.TotalScore = shownTotal(res, withheld)
	for name, n := range map[string]int{
		"Recipients":    sum.Recipients,
		"Assigned":      sum.Assigned,
		"Trusted-Path":  sum.ByReason[routing.ReasonTrustedPath],
		"Account-Owner": sum.ByReason[routing.ReasonAccountOwner],
		"Fallback":      sum.ByReason[routing.ReasonFallback],
		"Excluded":      sum.Excluded[routing.ReasonOptOut] + sum.Excluded[routing.ReasonNoEmail],
		"Unresolved":    sum.Unresolved[routing.ReasonUnknownCustomer],
		"Duplicates":    sum.Duplicates,
		"Senders":       len(sum.BySender),
	} {
		h.Set("X-Campaign-"+name, strconv.Itoa(n))
	}
	h.Set("X-Campaign-Total-Score", strconv.FormatFloat(sum.TotalScore, 'f', -1, 64))
	h.Set("X-Campaign-As-Of", res.AsOf.UTC().Format("2006-01-02T15:04:05.999999999Z07:00"))
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="campaign.csv"`)
	c.Status(http.StatusOK)
	if err := res.WriteCSVWithheld(c.Writer, withheld); err != nil {
		_ = c.Error(err) // the status is out; the problems middleware logs it
	}
}
