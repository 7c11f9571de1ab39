package github

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	gh "github.com/google/go-github/v66/github"
)

// defaultBotLogin is the author of comments made with the default
// GITHUB_TOKEN, which can call neither the GraphQL viewer nor GET /user.
const defaultBotLogin = "github-actions[bot]"

// maxGraphQLResponse bounds the viewer query's response.
const maxGraphQLResponse = 1 << 20

// identity returns the login of the token's owner and how it was learnt:
// the GraphQL viewer, then GET /user, then the default Actions bot.
func (p *Publisher) identity(ctx context.Context, client *gh.Client) (login, source string) {
	login, gqlErr := p.viewerLogin(ctx, client.Client())
	if gqlErr == nil {
		return login, "GraphQL viewer"
	}
	user, _, restErr := client.Users.Get(ctx, "")
	if restErr == nil && user.GetLogin() != "" {
		return user.GetLogin(), "GET /user"
	}
	if restErr == nil {
		restErr = errors.New("no login in the response")
	}
	p.log.infof("token identity: %v; GET /user: %v", gqlErr, restErr)
	return defaultBotLogin, "default for GITHUB_TOKEN"
}

// viewerLogin runs `query { viewer { login } }` against the GraphQL API.
func (p *Publisher) viewerLogin(ctx context.Context, hc *http.Client) (string, error) {
	body, err := json.Marshal(map[string]string{"query": "query { viewer { login } }"})
	if err != nil {
		return "", fmt.Errorf("encoding GraphQL query: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.graphqlURL, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("GraphQL request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("GraphQL viewer: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxGraphQLResponse))
	if err != nil {
		return "", fmt.Errorf("GraphQL viewer: reading response: %w", err)
	}
	var out struct {
		Data struct {
			Viewer struct {
				Login string `json:"login"`
			} `json:"viewer"`
		} `json:"data"`
		Message string `json:"message"`
		Errors  []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	decErr := json.Unmarshal(data, &out)
	if resp.StatusCode != http.StatusOK {
		msg := out.Message
		if decErr != nil || msg == "" {
			msg = http.StatusText(resp.StatusCode)
		}
		return "", fmt.Errorf("GraphQL viewer: HTTP %d: %s", resp.StatusCode, msg)
	}
	if decErr != nil {
		return "", fmt.Errorf("GraphQL viewer: decoding response: %w", decErr)
	}
	if len(out.Errors) > 0 {
		msgs := make([]string, 0, len(out.Errors))
		for _, e := range out.Errors {
			msgs = append(msgs, e.Message)
		}
		return "", fmt.Errorf("GraphQL viewer: %s", strings.Join(msgs, "; "))
	}
	if out.Data.Viewer.Login == "" {
		return "", errors.New("GraphQL viewer: no login in the response")
	}
	return out.Data.Viewer.Login, nil
}
