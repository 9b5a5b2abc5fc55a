using System.Globalization;
using EspWs.Bench.Load;

// The load tool: starts EspWs and the Kestrel reference as child processes on loopback, drives both with raw sockets,
// alternating between them, and prints one Markdown table with the ratio EspWs / Kestrel for every figure.
// `--trivial-echo PORT` makes it the trivial echo server used to show the tool's own limit.
int trivialIndex = Array.IndexOf(args, "--trivial-echo");
if (trivialIndex >= 0)
{
    await TrivialEchoServer.RunAsync(int.Parse(args[trivialIndex + 1], CultureInfo.InvariantCulture));
    return 0;
}

LoadOptions options = LoadOptions.Parse(args);
foreach (string file in new[] { options.EspWsDll, options.ReferenceDll })
{
    if (!File.Exists(file))
    {
        Console.Error.WriteLine($"load: {file} is missing; build Release first (bench/run.sh does).");
        return 2;
    }
}

ServerProcess.PinToCpus = options.ServerCpus;
string header = MachineDescription.Header(options);
Console.WriteLine(header);
var report = new Report();
await new BenchmarkRun(options, report).RunAsync();

string markdown = report.ToMarkdown(header);
Console.WriteLine();
Console.WriteLine(markdown);
if (options.OutputFile.Length > 0)
{
    await File.WriteAllTextAsync(options.OutputFile, markdown);
    Console.WriteLine($"Written to {options.OutputFile}.");
}

return 0;
