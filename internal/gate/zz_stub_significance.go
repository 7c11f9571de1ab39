package gate

import (
	"context"
	"errors"
)

type pairedPredictions struct{}

func loadPredictions(p Predictions) (*pairedPredictions, error) { return nil, errors.New("wip") }
func (in *inputs) judgeSignificance(ctx context.Context, r Rule) (judgement, error) {
	return judgement{}, errors.New("wip")
}
