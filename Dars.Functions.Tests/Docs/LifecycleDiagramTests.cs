using Dars.Lifecycle;

namespace Dars.Tests.Docs;

/// <summary>
/// The lifecycle picture in the README is generated from the decider's table. If they disagree this
/// fails; run the suite with DARS_WRITE_DOCS=1 to redraw the README's diagram from the code.
/// </summary>
public sealed class LifecycleDiagramTests
{
    private const string Begin = "<!-- lifecycle-diagram:begin (generated from Transitions.Table; DARS_WRITE_DOCS=1 ./dars.sh test --filter LifecycleDiagram redraws it) -->";
    private const string End = "<!-- lifecycle-diagram:end -->";

    [Fact]
    public void The_README_shows_the_lifecycle_the_decider_implements()
    {
        var readme = Path.Combine(RepositoryRoot(), "README.md");
        var text = File.ReadAllText(readme);
        var expected = $"{Begin}\n```mermaid\n{LifecycleDiagram.Mermaid()}```\n{End}";
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);

        if (Environment.GetEnvironmentVariable("DARS_WRITE_DOCS") == "1" && start >= 0 && end > start)
        {
            File.WriteAllText(readme, text[..start] + expected + text[(end + End.Length)..]);
            return;
        }
        Assert.True(start >= 0 && end > start, "README.md has no lifecycle diagram block.");
        Assert.Equal(expected, text[start..(end + End.Length)]);
    }

    [Fact]
    public void Every_state_and_every_transition_between_states_is_drawn()
    {
        var diagram = LifecycleDiagram.Mermaid();
        foreach (var state in Enum.GetValues<State>().Where(s => s != State.New))
            Assert.Contains(state.ToString(), diagram);
        foreach (var t in Transitions.Table.Where(t => t.Event is not ("withdraw" or "terminate")))
            foreach (var to in t.To.Where(to => to != t.From))
                Assert.Contains($"{(t.From == State.New ? "[*]" : t.From.ToString())} --> {to} : ", diagram);
    }

    [Fact]
    public void The_current_state_can_be_highlighted()
    {
        Assert.Contains("class UnderAssessment current", LifecycleDiagram.Mermaid(State.UnderAssessment));
        Assert.DoesNotContain("class ", LifecycleDiagram.Mermaid());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Dars.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Could not find the repository root (Dars.sln) above the test binaries.");
    }
}
