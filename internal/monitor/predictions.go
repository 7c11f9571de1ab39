package monitor

import (
	"context"
	"fmt"
	"strings"

	"github.com/mlgate/mlgate/internal/data"
	"github.com/mlgate/mlgate/internal/data/drift"
	"github.com/mlgate/mlgate/internal/data/profile"
	"github.com/mlgate/mlgate/internal/result"
)

// checkPredictions compares the distribution of the sample's predictions
// with the reference: the reference predictions when given, else the
// reference profile's column.
func (c *checker) checkPredictions(ctx context.Context) error {
	name, refName := c.opt.PredictionColumn, c.opt.ReferencePredictionColumn
	skip := func(why string) error {
		if c.opt.RequirePredictions {
			return fmt.Errorf("prediction shift: %s", why)
		}
		c.notice("prediction-shift", "prediction shift not checked: "+why, nil)
		return nil
	}
	cc := c.cur.Column(name)
	if cc == nil {
		return skip(fmt.Sprintf("the sample has no column %q (--prediction-column; columns: %s)", name, columnList(c.cur)))
	}
	var rc *profile.Column
	source := c.opt.ReferenceProfile
	if len(c.opt.ReferencePredictions) > 0 {
		source = strings.Join(c.opt.ReferencePredictions, ", ")
		rp, err := data.ProfileData(ctx, c.opt.ReferencePredictions, c.opt.Read, nil)
		if err != nil {
			return fmt.Errorf("reading the reference predictions: %w", err)
		}
		rc = rp.Column(refName)
		if rc == nil && len(rp.Columns) == 1 {
			rc = rp.Columns[0]
		}
		if rc == nil {
			return fmt.Errorf("reference predictions %s: no column %q (columns: %s); name it with --reference-prediction-column",
				source, refName, columnList(rp))
		}
	} else if rc = c.ref.Column(refName); rc == nil {
		return skip(fmt.Sprintf("the reference profile %s has no column %q; give --reference-predictions FILE or --reference-prediction-column (the label, for example)",
			source, refName))
	}
	rep, err := drift.Compare(single(rc, name), single(cc, name), drift.Options{Default: c.opt.Drift})
	if err != nil {
		return fmt.Errorf("comparing predictions with %s: %w", source, err)
	}
	cd := rep.Columns[0]
	if cd.Method == "" {
		c.notice("prediction-shift", fmt.Sprintf("prediction shift of %s not measured: %s", name, cd.Reason), &result.Location{Field: name})
		return nil
	}
	m := driftMetric("prediction shift "+name, cd)
	c.metrics = append(c.metrics, m)
	if m.Value != nil {
		c.figures["prediction_shift"] = float64(*m.Value)
	}
	if cd.Drifted {
		c.reason("prediction-shift", fmt.Sprintf("prediction shift of %s against %s: %s", name, refName, measureText(cd)),
			&result.Location{Field: name})
		c.chart("Predictions: "+name, cd)
	}
	c.summary = append(c.summary, "predictions "+map[bool]string{true: "shifted", false: "stable"}[cd.Drifted])
	return nil
}

// single returns a one-column profile holding a copy of col named name, so
// columns of different names compare.
func single(col *profile.Column, name string) *profile.Profile {
	cp := *col
	cp.Name = name
	return &profile.Profile{Version: profile.Version, Format: profile.Format, Rows: col.Present() + col.Missing(), Columns: []*profile.Column{&cp}}
}

// columnList names a profile's columns for an error message.
func columnList(p *profile.Profile) string {
	names := p.Names()
	if len(names) > 10 {
		return strings.Join(names[:10], ", ") + fmt.Sprintf(" and %d more", len(names)-10)
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
