package cli

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mlgate/mlgate/internal/canary"
	"github.com/mlgate/mlgate/internal/canary/judge"
	"github.com/mlgate/mlgate/internal/canary/load"
	"github.com/mlgate/mlgate/internal/canary/protocol"
	"github.com/mlgate/mlgate/internal/result"
)

type canaryFlags struct {
	endpoint, baseline string
	proto, model       string
	template           string
	labelPath          string
	scoresPath         string
	v2Inputs           []string
	tfColumnar         bool
	golden             string
	schema             string
	headers            []string
	caFile             string
	requestTimeout     time.Duration
	p50, p95, p99      time.Duration
}

func newCanaryCmd(env Env, g *globalOptions) *cobra.Command {
	var (
		o  canary.Options
		cf canaryFlags
	)
	cmd := &cobra.Command{
		Use:   "canary --endpoint URL [--baseline-endpoint URL] [--golden golden.jsonl] [--rps R --duration D]",
		Short: "Verify a deployed model: ready, correct on a golden set, within budgets, agreeing with stable",
		Long: `Verify a deployed model before full rollout:

  - readiness: poll the health endpoints with backoff until --ready-timeout;
  - golden set: JSON Lines of inputs with the predictions the training
    pipeline produced offline; served predictions must match (labels exactly,
    scores within --atol/--rtol); mismatches are listed by example id;
  - load: --rps at a fixed arrival rate for --duration (open loop, so slow
    responses do not hide latency), --concurrency cap; p50/p95/p99 latency,
    error and timeout rates, each with a budget;
  - canary vs stable (--baseline-endpoint): the same requests to both;
    prediction agreement with a floor (--agreement); latency compared with a
    Mann-Whitney U test and a tolerance, as Kayenta's judge does.

Protocols (--protocol): json (POST a JSON body, --template), v2 (the Open
Inference Protocol: KServe, Triton, Seldon MLServer) and tfserving
(TensorFlow Serving REST). Authentication headers come from environment
variables (--header "Authorization: env:MODEL_TOKEN") and are never printed.`,
		Example: `  mlgate canary --endpoint http://127.0.0.1:8080/predict --golden golden.jsonl
  mlgate canary --protocol v2 --endpoint http://canary:8080 --model classifier \
    --baseline-endpoint http://stable:8080 --golden golden.jsonl --rps 50 --duration 30s --p95 50ms`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if cf.endpoint == "" {
				return usageError("canary: --endpoint is required")
			}
			if !result.ValidID(o.ID) {
				return usageError("canary: invalid --id %q", o.ID)
			}
			client, popts, err := cf.client(env)
			if err != nil {
				return err
			}
			if cf.golden != "" {
				if o.Golden, err = protocol.ReadGolden(cf.golden); err != nil {
					return exitCode(ExitError, err)
				}
				o.GoldenPath = cf.golden
			}
			if cf.schema != "" {
				s, err := protocol.CompileSchema(cf.schema)
				if err != nil {
					return exitCode(ExitError, err)
				}
				popts.Schema = s
			}
			if o.Canary, err = cf.protocol(cf.endpoint, popts, o.Golden); err != nil {
				return err
			}
			if cf.baseline != "" {
				if o.Stable, err = cf.protocol(cf.baseline, popts, o.Golden); err != nil {
					return err
				}
			}
			o.Client, o.Now, o.Sleep = client, env.Now, env.Sleep
			o.Load.Timeout = cf.requestTimeout
			o.Budget.P50, o.Budget.P95, o.Budget.P99 = cf.p50, cf.p95, cf.p99
			if o.Load.Rate < 0 || (o.Load.Rate > 0 && o.Load.Duration <= 0) {
				return usageError("canary: --rps needs a positive --duration")
			}
			endGroup := logGroup(env, "mlgate canary "+o.ID)
			res := canary.Run(cmd.Context(), o)
			endGroup()
			return finishGate(env, g.resultsDir, res)
		},
	}
	f := cmd.Flags()
	f.StringVar(&cf.endpoint, "endpoint", "", "the canary: prediction URL (json) or server base URL (v2, tfserving)")
	f.StringVar(&cf.baseline, "baseline-endpoint", "", "the stable version, to compare with")
	f.StringVar(&cf.proto, "protocol", "json", "json, v2 (Open Inference Protocol) or tfserving")
	f.StringVar(&cf.model, "model", "", "model name (v2, tfserving)")
	f.StringVar(&cf.template, "template", protocol.DefaultTemplate, "json: request body; {{inputs}} becomes the example's inputs")
	f.StringVar(&cf.labelPath, "label-path", "", "json: JSON pointer to the label in responses")
	f.StringVar(&cf.scoresPath, "scores-path", "", "json: JSON pointer to the scores in responses")
	f.StringArrayVar(&cf.v2Inputs, "v2-input", nil, "v2: an input tensor as NAME:feature1,feature2,... (one row, in that order); default: one tensor per feature")
	f.BoolVar(&cf.tfColumnar, "tf-columnar", false, "tfserving: send {\"inputs\": ...} instead of {\"instances\": [...]}")
	f.StringVar(&cf.golden, "golden", "", "golden set: JSON Lines of {\"id\", \"inputs\", \"prediction\", \"scores\"}")
	f.Float64Var(&o.Atol, "atol", 1e-6, "absolute tolerance for scores")
	f.Float64Var(&o.Rtol, "rtol", 1e-6, "relative tolerance for scores")
	f.StringVar(&cf.schema, "response-schema", "", "JSON Schema every prediction response must match")
	f.DurationVar(&o.ReadyTimeout, "ready-timeout", 60*time.Second, "how long to wait for the model to become ready")
	f.Float64Var(&o.Load.Rate, "rps", 0, "load test: requests per second (fixed arrival rate); 0 skips the load test")
	f.DurationVar(&o.Load.Duration, "duration", 0, "load test: how long")
	f.IntVar(&o.Load.Concurrency, "concurrency", load.DefaultConcurrency, "load test: most requests in flight")
	f.DurationVar(&cf.requestTimeout, "timeout", 10*time.Second, "per-request timeout")
	f.DurationVar(&cf.p50, "p50", 0, "latency budget for the median (0: none)")
	f.DurationVar(&cf.p95, "p95", 0, "latency budget for p95 (0: none)")
	f.DurationVar(&cf.p99, "p99", 0, "latency budget for p99 (0: none)")
	f.Float64Var(&o.Budget.MaxErrorRate, "max-error-rate", 0.01, "largest share of failed requests")
	f.Float64Var(&o.Budget.MaxTimeoutRate, "max-timeout-rate", 0.01, "largest share of timed-out requests")
	f.Float64Var(&o.AgreementFloor, "agreement", 0.99, "least share of predictions canary and stable must agree on")
	f.Float64Var(&o.Judge.Tolerance, "latency-tolerance", judge.DefaultTolerance, "allowed relative latency increase of the canary over stable")
	f.Float64Var(&o.Judge.Alpha, "alpha", judge.DefaultAlpha, "significance of the Mann-Whitney latency test")
	f.StringArrayVar(&cf.headers, "header", nil, "request header \"Name: value\" or \"Name: env:VARIABLE\" (secret, masked); repeatable")
	f.StringVar(&cf.caFile, "ca-file", "", "PEM file of CA certificates to trust for HTTPS endpoints")
	f.StringVar(&o.ID, "id", "canary", "result id")
	f.StringVar(&o.Title, "title", "", "title shown in the report")
	return cmd
}

// client builds the HTTP client: custom CA, headers (secrets masked on
// GitHub Actions), bounded per request by the context, not a client timeout.
func (cf *canaryFlags) client(env Env) (*http.Client, protocol.Options, error) {
	var popts protocol.Options
	popts.LabelPath, popts.ScoresPath = cf.labelPath, cf.scoresPath
	header := http.Header{}
	for _, h := range cf.headers {
		name, value, secret, err := canary.ParseHeader(h, env.Getenv)
		if err != nil {
			return nil, popts, usageError("canary: %v", err)
		}
		if secret && env.Getenv("GITHUB_ACTIONS") == "true" {
			fmt.Fprintf(env.Stdout, "::add-mask::%s\n", value)
		}
		header.Add(name, value)
	}
	popts.Header = header
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.ResponseHeaderTimeout = cf.requestTimeout
	t.MaxIdleConnsPerHost = 256
	if cf.caFile != "" {
		pem, err := os.ReadFile(cf.caFile)
		if err != nil {
			return nil, popts, exitCode(ExitError, fmt.Errorf("reading --ca-file %s: %w", cf.caFile, err))
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, popts, exitCode(ExitError, fmt.Errorf("--ca-file %s: no PEM certificates found", cf.caFile))
		}
		t.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	return &http.Client{Transport: t}, popts, nil
}

// protocol builds the protocol client for one endpoint.
func (cf *canaryFlags) protocol(endpoint string, popts protocol.Options, golden []protocol.Example) (protocol.Protocol, error) {
	var p protocol.Protocol
	var err error
	switch cf.proto {
	case "json":
		p, err = protocol.PlainJSON(endpoint, cf.template, popts)
	case "v2":
		if cf.model == "" {
			return nil, usageError("canary: --protocol v2 needs --model")
		}
		specs, serr := v2Specs(cf.v2Inputs, golden)
		if serr != nil {
			return nil, serr
		}
		p, err = protocol.OIPv2(endpoint, cf.model, specs, popts)
	case "tfserving":
		if cf.model == "" {
			return nil, usageError("canary: --protocol tfserving needs --model")
		}
		p, err = protocol.TFServing(endpoint, cf.model, !cf.tfColumnar, popts)
	default:
		return nil, usageError("canary: unknown --protocol %q: want json, v2 or tfserving", cf.proto)
	}
	if err != nil {
		return nil, usageError("canary: %v", err)
	}
	return p, nil
}

// v2Specs reads --v2-input flags; without them every input of the golden
// examples is its own tensor.
func v2Specs(flags []string, golden []protocol.Example) ([]protocol.TensorSpec, error) {
	var specs []protocol.TensorSpec
	for _, f := range flags {
		name, feats, ok := strings.Cut(f, ":")
		if !ok || name == "" || feats == "" {
			return nil, usageError("canary: --v2-input %q: want NAME:feature1,feature2,...", f)
		}
		spec := protocol.TensorSpec{Name: name}
		for _, ft := range strings.Split(feats, ",") {
			spec.Features = append(spec.Features, strings.TrimSpace(ft))
		}
		specs = append(specs, spec)
	}
	if len(specs) == 0 && len(golden) > 0 {
		var names []string
		for k := range golden[0].Inputs {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, n := range names {
			specs = append(specs, protocol.TensorSpec{Name: n})
		}
	}
	return specs, nil
}
