namespace MedPayIQ.Docs.Tests;

/// <summary>
/// The README's code sample is this test's code, character for character: the test runs it, and checks that the
/// README still shows exactly these lines (so the README cannot drift from code that compiles and runs).
/// </summary>
[Collection(nameof(ConsoleTests))]
public class ReadMeTests
{
    [Fact]
    public void ReadMe_sample_runs()
    {
        PrepareDownload("RVU25D", ["RVU25D/PPRRVU2025_Oct.csv", "2025/GPCI2025.csv", "zip/ZIP5_OCT2025.txt"]);
        var console = new StringWriter();
        var original = Console.Out;
        Console.SetOut(console);
        try
        {
            // sample: readme
            var catalog = PackagedFeeSchedules.Catalog;                      // RVU25A to RVU26C; loaded once, lazily
            var release = catalog.Resolve(new DateOnly(2025, 11, 3)).Release!;  // RVU25D, in force on that date
            release.Rvus.TryGet(HcpcsCode.Parse("77321"), Modifier.ProfessionalComponent, out var rvu);
            release.Localities.TryGet(LocalityKey.Parse("01182/18"), out var losAngeles);
            Console.WriteLine($"{release.Id} 77321-26: work RVU {rvu.WorkRvu} x work GPCI {losAngeles!.WorkGpci}, CF {release.ConversionFactor}");
            var yours = FeeScheduleLoader.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "RVU25D"));  // your own CMS download
            Console.WriteLine($"{yours.Id}: {yours.Rvus.Count} rows, PPRRVU sha256 {yours.RvuFileSha256}");
            // end sample
        }
        finally
        {
            Console.SetOut(original);
        }

        var lines = console.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("RVU25D 77321-26: work RVU 0.95 x work GPCI 1.042, CF 32.3465", lines[0]);
        Assert.Equal("RVU25D: 19090 rows, PPRRVU sha256 641fb11b968e24c6902a0d66e7a3ce0929c2750fdae1064b9dda9862d8e4f5a5", lines[1]);
    }

    [Fact]
    public void ReadMe_shows_the_sample_as_tested()
    {
        var sample = DocsSampleTests.Regions(File.ReadAllLines(ThisFile()))["readme"];
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        int start = readme.IndexOf("```csharp\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has a csharp sample");
        int end = readme.IndexOf("```", start + 10, StringComparison.Ordinal);
        var block = readme[(start + 10)..end].Replace("\r\n", "\n", StringComparison.Ordinal);
        var code = string.Join('\n', block.Split('\n').Where(l => !l.StartsWith("using ", StringComparison.Ordinal)).SkipWhile(string.IsNullOrWhiteSpace)).TrimEnd();
        Assert.Equal(sample, code);
    }

    [Fact]
    public void ReadMe_starts_with_the_two_commands_CI_runs()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var ci = File.ReadAllText(Path.Combine(RepositoryRoot(), ".ci", "run"));
        var first = readme.Split('\n').SkipWhile(l => !l.StartsWith("```sh", StringComparison.Ordinal)).Skip(1).Take(2).Select(l => l.Split('#')[0].Trim()).ToArray();
        Assert.StartsWith("dotnet run --project tools/MedPayIQ.Cli --", first[0], StringComparison.Ordinal);
        Assert.Equal("dotnet test --solution MedPayIQ.Pricing.sln -c Release", first[1]);
        Assert.Contains(first[1], ci, StringComparison.Ordinal);
    }

    private static string ThisFile() => SourceFile("ReadMeTests.cs");

    /// <summary>
    /// A source file of this project. Found from the test binaries (which are built inside the repository), not from
    /// [CallerFilePath]: CI builds map source paths to /_/ (deterministic builds).
    /// </summary>
    internal static string SourceFile(string name) => Path.Combine(RepositoryRoot(), "tests", "MedPayIQ.Docs.Tests", name);

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MedPayIQ.Pricing.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (MedPayIQ.Pricing.sln) was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Lays out packaged files as a CMS download folder next to the test binaries.</summary>
    internal static void PrepareDownload(string folder, string[] entries)
    {
        var dir = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, folder)).FullName;
        foreach (var e in entries)
        {
            var target = Path.Combine(dir, Path.GetFileName(e));
            if (!File.Exists(target))
            {
                File.WriteAllBytes(target, TestData.Packaged(e));
            }
        }
    }
}
