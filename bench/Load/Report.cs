using System.Globalization;
using System.Text;

namespace EspWs.Bench.Load;

/// <summary>Collects the figures and notes of one run and writes them as Markdown.</summary>
internal sealed class Report
{
    private readonly List<Figure> _figures = [];
    private readonly List<string> _sections = [];

    /// <summary>Adds a row to the main table and prints it at once, so a long run shows progress.</summary>
    public void Add(Figure figure)
    {
        _figures.Add(figure);
        Console.WriteLine($"  {figure.Name}: EspWs {figure.Format(figure.EspWs)} {figure.Unit}, Kestrel {figure.Format(figure.Kestrel)} {figure.Unit}, " +
            $"ratio {Ratio(figure)}");
    }

    /// <summary>Adds a Markdown section (a heading and a table or text) after the main table.</summary>
    public void AddSection(string markdown) => _sections.Add(markdown);

    /// <summary>The whole report: <paramref name="header"/>, the main table, then the sections.</summary>
    public string ToMarkdown(string header)
    {
        var text = new StringBuilder();
        text.AppendLine(header).AppendLine();
        text.AppendLine("| figure | unit | before (issue 9): EspWs / Kestrel | EspWs | Kestrel | ratio (EspWs / Kestrel unless named) | target | met |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---|---|");
        foreach (Figure f in _figures)
        {
            string met = f.Met switch { true => "yes", false => "**no**", null => "-" };
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {f.Name} | {f.Unit} | {Baseline.For(f.Name)} | {f.Format(f.EspWs)} | {f.Format(f.Kestrel)} | {Ratio(f)} | {f.Target} | {met} |");
        }

        foreach (string section in _sections)
        {
            text.AppendLine().AppendLine(section);
        }

        return text.ToString();
    }

    private static string Ratio(Figure figure) => double.IsNaN(figure.Ratio) || double.IsInfinity(figure.Ratio)
        ? "n/a"
        : figure.Ratio.ToString("0.00", CultureInfo.InvariantCulture);
}
