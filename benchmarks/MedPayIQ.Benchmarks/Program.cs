using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/MedPayIQ.Benchmarks -- --filter '*'
// Reports are committed under docs/benchmarks/ (see docs/benchmarks.md). CI runs every benchmark once
// (--job dry --inProcess): the exit code is 1 when a benchmark fails or does not validate.
MedPayIQ.Benchmarks.DryRun.IsOn = args.Select((a, i) => (a, i)).Any(x => x.a is "--job" or "-j" && x.i + 1 < args.Length && args[x.i + 1].Equals("dry", StringComparison.OrdinalIgnoreCase));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(MedPayIQ.Benchmarks.BenchmarkData).Assembly).Run(args);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success) || s.Reports.Length == 0) ? 1 : 0;
