using System.Globalization;
using EspWs.Bench.Load;

// The load tool: starts EspWs and the Kestrel reference as child processes on loopback, drives both from one epoll
// loop, alternating between them, and prints one Markdown table with the ratio EspWs / Kestrel for every figure.
// `--trivial-echo PORT` makes it the trivial echo server that shows the tool's own ceiling.
int trivialIndex = Array.IndexOf(args, "--trivial-echo");
if (trivialIndex >= 0)
{
    TrivialEchoServer.Run(int.Parse(args[trivialIndex + 1], CultureInfo.InvariantCulture));
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
new BenchmarkRun(options, report).Run();

string markdown = report.ToMarkdown(header + $"\n\nLoad average at the end: {MachineDescription.LoadAverage()}.");
Console.WriteLine();
Console.WriteLine(markdown);
if (options.OutputFile.Length > 0)
{
    File.WriteAllText(options.OutputFile, markdown);
    Console.WriteLine($"Written to {options.OutputFile}.");
}

return 0;
