using System.Text.RegularExpressions;

namespace MedPayIQ.Docs.Tests;

/// <summary>docs/packages.md's rules, checked on the repository.</summary>
public sealed partial class PackageBoundaryTests
{
    private static readonly string Root = ReadMeTests.RepositoryRoot();

    private static IEnumerable<string> Projects() => Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories);

    [Fact]
    public void No_package_grants_its_internals_to_another_package()
    {
        var packages = Projects().Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);
        foreach (var project in Projects())
        {
            foreach (Match m in InternalsVisibleTo().Matches(File.ReadAllText(project)))
            {
                var to = m.Groups[1].Value;
                Assert.False(packages.Contains(to), $"{Path.GetFileName(project)} grants its internals to the package {to}");
                Assert.True(to.EndsWith(".Tests", StringComparison.Ordinal) || to == "MedPayIQ.Benchmarks", $"{Path.GetFileName(project)} grants its internals to {to}");
            }
        }
    }

    [Fact]
    public void Each_package_references_only_what_docs_packages_md_says_it_depends_on()
    {
        var page = File.ReadAllText(Path.Combine(Root, "docs", "packages.md"));
        foreach (var project in Projects())
        {
            var name = Path.GetFileNameWithoutExtension(project);
            var row = page.Split('\n').Single(l => l.StartsWith($"| `{name}` |", StringComparison.Ordinal));
            var documented = row.Split('|')[3];
            foreach (Match m in ProjectReference().Matches(File.ReadAllText(project)))
            {
                Assert.Contains($"`{m.Groups[1].Value}`", documented, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void No_source_file_of_a_package_is_over_500_lines()
    {
        var long_ = Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(Root, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > 500)
            .ToList();
        Assert.True(long_.Count == 0, string.Join(", ", long_.Select(f => $"{f.File} ({f.Lines} lines)")));
    }

    [Fact]
    public void Every_package_has_shipped_its_public_api_and_keeps_both_files_sorted()
    {
        foreach (var project in Projects())
        {
            var dir = Path.GetDirectoryName(project)!;
            var shipped = File.ReadAllLines(Path.Combine(dir, "PublicAPI.Shipped.txt"));
            var unshipped = File.ReadAllLines(Path.Combine(dir, "PublicAPI.Unshipped.txt"));
            Assert.True(shipped.Length > 1, $"{Path.GetFileName(dir)} has shipped no public API (eng/ship-public-api.sh)");
            foreach (var (name, lines) in new[] { ("Shipped", shipped), ("Unshipped", unshipped) })
            {
                Assert.Equal("#nullable enable", lines[0]);
                var symbols = lines.Skip(1).ToArray();
                Assert.True(symbols.SequenceEqual(symbols.Order(StringComparer.Ordinal).Distinct()), $"{Path.GetFileName(dir)}/PublicAPI.{name}.txt is not sorted (ordinal) or repeats a line: run eng/update-public-api.sh");
            }
        }
    }

    [GeneratedRegex("""<InternalsVisibleTo Include="([^"]+)" """)]
    private static partial Regex InternalsVisibleTo();

    [GeneratedRegex("""<ProjectReference Include="[^"]*[\\/]([^\\/"]+)\.csproj" """)]
    private static partial Regex ProjectReference();
}
