package protocol

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// tfBody is a TF Serving response with 1000 scores, some of them NaN.
func tfBody() []byte {
	var sb strings.Builder
	sb.WriteString(`{"predictions": [[`)
	for i := range 1000 {
		if i > 0 {
			sb.WriteString(", ")
		}
		if i%100 == 0 {
			sb.WriteString("NaN")
		} else {
			sb.WriteString(strconv.FormatFloat(float64(i)/1000, 'g', -1, 64))
		}
	}
	sb.WriteString(`]]}`)
	return []byte(sb.String())
}

func BenchmarkDecodeJSON(b *testing.B) {
	body := tfBody()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := decodeJSON(body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlainJSONPredict measures one request over loopback, the cost
// the load generator pays per request on top of the server.
func BenchmarkPlainJSONPredict(b *testing.B) {
	srv := newServer(b, map[string]http.HandlerFunc{"POST /": reply(200, `{"prediction": "a", "scores": [0.1, 0.9]}`)})
	p, err := PlainJSON(srv.URL, "", Options{})
	if err != nil {
		b.Fatal(err)
	}
	ex := Example{ID: "e", Inputs: map[string]any{"a": 1.0, "b": []float64{1, 2, 3}, "c": "x"}}
	c := srv.Client()
	for b.Loop() {
		if _, err := p.Predict(context.Background(), c, ex); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLookupArrays(t *testing.T) {
	t.Parallel()
	doc, err := decodeJSON([]byte(`{"a": [10, 20, {"b": "x"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if v, err := lookup(doc, "/a/2/b"); err != nil || v != "x" {
		t.Errorf("lookup /a/2/b = %v, %v", v, err)
	}
	for p, msg := range map[string]string{
		"/a/3":   `no index "3" in the array of 3 at "/a"`,
		"/a/01":  `no index "01"`,
		"/a/-":   `no index "-"`,
		"/a/0/b": `"/a/0" is a number 10, not an object or array`,
	} {
		_, err := lookup(doc, p)
		mustContain(t, err, msg)
	}
}
