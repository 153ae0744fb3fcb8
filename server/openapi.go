package server

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
)

// openAPISource is the hand-written OpenAPI 3.1 document of every route.
//
//go:embed openapi.json
var openAPISource []byte

// openAPIDocument returns the document with info.version set to the running
// version, when there is one; the order of the document's keys is kept.
func openAPIDocument(version string) []byte {
	if version == "" {
		return openAPISource
	}
	doc, err := withInfoVersion(openAPISource, version)
	if err != nil {
		panic("server: openapi.json: " + err.Error()) // TestOpenAPIDocument catches it
	}
	return doc
}

// withInfoVersion rewrites the top-level object src with info.version set.
func withInfoVersion(src []byte, version string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object")
	}
	var out bytes.Buffer
	out.WriteString("{")
	for i := 0; dec.More(); i++ {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := t.(string)
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return nil, err
		}
		if key == "info" {
			var info map[string]any
			if err := json.Unmarshal(val, &info); err != nil {
				return nil, err
			}
			info["version"] = version
			if val, err = json.Marshal(info); err != nil {
				return nil, err
			}
		}
		if i > 0 {
			out.WriteString(",")
		}
		k, _ := json.Marshal(key)
		out.Write(k)
		out.WriteString(":")
		out.Write(val)
	}
	out.WriteString("}")
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, out.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	return pretty.Bytes(), nil
}

// openAPI serves the OpenAPI document.
func (s *Server) openAPI(c *gin.Context) {
	c.Data(http.StatusOK, "application/json", s.openapi)
}
