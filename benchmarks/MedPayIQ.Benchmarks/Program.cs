using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/MedPayIQ.Benchmarks -- --filter '*'
// Reports are committed under docs/benchmarks/ (see docs/benchmarks.md).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
