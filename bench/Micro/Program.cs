using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using EspWs.Bench.Micro;

// In process: the benchmarks need no generated project (whose build would pick up the repository's strict
// Directory.Build.props), and a run stays within minutes on a 2-core machine.
// --quick: one iteration of each, a smoke test that every benchmark runs; the default is BenchmarkDotNet's short run.
bool quick = args.Contains("--quick");
string[] rest = args.Where(a => a != "--quick").ToArray();
if (!rest.Contains("--filter") && !rest.Contains("-f"))
{
    rest = [.. rest, "--filter", "*"];
}

Job job = (quick ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
IConfig config = DefaultConfig.Instance
    .AddJob(job)
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(new BytesPerSecondColumn());
BenchmarkSwitcher.FromAssembly(typeof(BytesPerSecondColumn).Assembly).Run(rest, config);
