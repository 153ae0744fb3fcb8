package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/pflag"

	"github.com/contactgraph/contactgraph/graph"
)

// trustSettings are the settings of the learned trust model
// (docs/capture.md, "Learned trust"), from the environment and flags.
type trustSettings struct {
	Learn        bool
	DefaultTrust float64
	Weights      string // kind=weight,… over the defaults
	HalfLifeDays float64
	Saturation   float64
	OneWay       float64
}

func defaultTrustSettings(getenv func(string) string) trustSettings {
	d := graph.DefaultTrustModel()
	t := trustSettings{Learn: d.Learn, DefaultTrust: d.DefaultTrust, HalfLifeDays: d.HalfLifeDays,
		Saturation: d.Saturation, OneWay: d.OneWay}
	if v := getenv("CONTACTGRAPH_LEARN_TRUST"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			t.Weights = "CONTACTGRAPH_LEARN_TRUST=" + v // model reports it
		}
		t.Learn = b
	}
	num(&t.DefaultTrust, getenv("CONTACTGRAPH_DEFAULT_TRUST"))
	num(&t.HalfLifeDays, getenv("CONTACTGRAPH_TRUST_HALF_LIFE_DAYS"))
	num(&t.Saturation, getenv("CONTACTGRAPH_TRUST_SATURATION"))
	num(&t.OneWay, getenv("CONTACTGRAPH_TRUST_ONE_WAY"))
	if v := getenv("CONTACTGRAPH_TRUST_WEIGHTS"); v != "" && t.Weights == "" {
		t.Weights = v
	}
	return t
}

// bind registers the model's flags.
func (t *trustSettings) bind(fs *pflag.FlagSet) {
	fs.BoolVar(&t.Learn, "learn-trust", t.Learn, "learn relationships' trust from their interactions (env CONTACTGRAPH_LEARN_TRUST)")
	fs.Float64Var(&t.DefaultTrust, "default-trust", t.DefaultTrust, "trust of a relationship an interaction creates while learning is off (env CONTACTGRAPH_DEFAULT_TRUST)")
	fs.StringVar(&t.Weights, "trust-weights", t.Weights, "weights of interaction kinds, e.g. meeting=3,email=1 (defaults: email=1,meeting=3,call=2,note=0.5,introduction=2,campaign=0.1; env CONTACTGRAPH_TRUST_WEIGHTS)")
	fs.Float64Var(&t.HalfLifeDays, "trust-half-life-days", t.HalfLifeDays, "days after which an interaction counts half in the learned trust (env CONTACTGRAPH_TRUST_HALF_LIFE_DAYS)")
	fs.Float64Var(&t.Saturation, "trust-saturation", t.Saturation, "evidence that gives a learned trust of 0.63 (env CONTACTGRAPH_TRUST_SATURATION)")
	fs.Float64Var(&t.OneWay, "trust-one-way", t.OneWay, "share of its weight an unanswered mail counts with, in (0, 1] (env CONTACTGRAPH_TRUST_ONE_WAY)")
}

// model returns the trust model of the settings, or what is wrong with them.
func (t trustSettings) model() (graph.TrustModel, error) {
	m := graph.DefaultTrustModel()
	w, err := graph.ParseWeights(t.Weights, m.Weights)
	if err != nil {
		return m, fmt.Errorf("--trust-weights / CONTACTGRAPH_TRUST_WEIGHTS: %w", err)
	}
	m.Learn, m.DefaultTrust, m.Weights = t.Learn, t.DefaultTrust, w
	m.HalfLifeDays, m.Saturation, m.OneWay = t.HalfLifeDays, t.Saturation, t.OneWay
	if p := m.Validate(); len(p) > 0 {
		flags := map[string]string{"defaultTrust": "--default-trust", "halfLifeDays": "--trust-half-life-days",
			"saturation": "--trust-saturation", "oneWay": "--trust-one-way"}
		f := flags[p[0].Field]
		if f == "" {
			f = "--trust-weights"
		}
		return m, fmt.Errorf("the trust model: %s %s", f, p[0].Message)
	}
	return m, nil
}
