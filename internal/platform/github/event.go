package github

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// maxEventSize bounds the event payload read from GITHUB_EVENT_PATH. GitHub
// caps webhook payloads at 25 MB.
const maxEventSize = 25 << 20

// event is the part of a GitHub Actions event payload that locates a PR.
type event struct {
	Number      int `json:"number"`
	PullRequest *struct {
		Number int `json:"number"`
	} `json:"pull_request"`
	Issue *struct {
		Number      int             `json:"number"`
		PullRequest json.RawMessage `json:"pull_request"`
	} `json:"issue"`
	WorkflowRun *workflowRun `json:"workflow_run"`
}

// workflowRun is the triggering run of a workflow_run event.
type workflowRun struct {
	Event        string `json:"event"`
	HeadSHA      string `json:"head_sha"`
	HeadBranch   string `json:"head_branch"`
	PullRequests []struct {
		Number int `json:"number"`
	} `json:"pull_requests"`
	HeadRepository *struct {
		Owner struct {
			Login string `json:"login"`
		} `json:"owner"`
	} `json:"head_repository"`
}

// prSource is what the event says about the pull request.
type prSource struct {
	// number is the PR number, when the payload carries it.
	number int
	// prEvent is true for events that auto mode comments on.
	prEvent bool
	// lookup is set for a workflow_run whose PR list is empty: the PR must be
	// found by head branch and SHA.
	lookup *workflowRun
}

// readEvent reads and decodes the event payload at path, at most maxEventSize bytes.
func readEvent(path string) (*event, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading event payload: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxEventSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading event payload %s: %w", path, err)
	}
	if len(data) > maxEventSize {
		return nil, fmt.Errorf("event payload %s: larger than %d MiB", path, maxEventSize>>20)
	}
	var ev event
	if err := json.Unmarshal(data, &ev); err != nil {
		return nil, fmt.Errorf("event payload %s: %w", path, jsonPosition(data, err))
	}
	return &ev, nil
}

// jsonPosition adds the line and column of a JSON decoding error.
func jsonPosition(data []byte, err error) error {
	var offset int64
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		offset = syntax.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
	default:
		return err
	}
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - (bytes.LastIndexByte(before, '\n') + 1)
	if col < 1 {
		col = 1
	}
	return fmt.Errorf("line %d, column %d: %w", line, col, err)
}

// pullRequestOf says which PR an event is about.
func pullRequestOf(name string, ev *event) prSource {
	switch name {
	case "pull_request", "pull_request_target":
		n := ev.Number
		if ev.PullRequest != nil && ev.PullRequest.Number > 0 {
			n = ev.PullRequest.Number
		}
		return prSource{number: n, prEvent: true}
	case "issue_comment":
		if ev.Issue != nil && len(ev.Issue.PullRequest) > 0 && string(ev.Issue.PullRequest) != "null" {
			return prSource{number: ev.Issue.Number}
		}
	case "workflow_run":
		run := ev.WorkflowRun
		if run == nil {
			return prSource{}
		}
		for _, pr := range run.PullRequests {
			if pr.Number > 0 {
				return prSource{number: pr.Number, prEvent: true}
			}
		}
		if run.HeadBranch != "" && run.HeadSHA != "" && run.HeadRepository != nil && run.HeadRepository.Owner.Login != "" {
			return prSource{prEvent: true, lookup: run}
		}
	}
	return prSource{}
}
