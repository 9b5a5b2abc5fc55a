using EspWs.App.Server;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Docs;

public class StateDiagramTests
{
    [Fact]
    public void Committed_state_machine_doc_matches_what_the_code_generates()
    {
        string path = Path.Combine(RepositoryRoot.Find(), "docs", "state-machine.md");
        string committed = File.ReadAllText(path).ReplaceLineEndings("\n");

        Assert.True(committed == StateDiagramDocument.Render(),
            "docs/state-machine.md is stale: run `dotnet run --project App -- --state-diagram=docs/state-machine.md`.");
    }

    [Fact]
    public void Diagram_names_every_state_and_describes_every_action()
    {
        string document = StateDiagramDocument.Render();

        foreach (string state in Enum.GetNames<ConnectionState>())
        {
            Assert.Contains(state, document);
        }

        Assert.Contains("```mermaid", document);
        Assert.DoesNotContain("Function", document);
    }
}
