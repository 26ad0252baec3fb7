using MedPayIQ.Fuzzing;

namespace MedPayIQ.Hardening.Tests;

/// <summary>
/// The fuzz harness's inputs as ordinary tests (they run without AFL++): every seed loads, and every input that once
/// crashed a loader (tests/MedPayIQ.Fuzzing/regressions/TARGET) now gives a format exception.
/// </summary>
public class SeedReplayTests
{
    public static TheoryData<string, string> Seeds => Files("seeds");

    public static TheoryData<string, string> Regressions => Files("regressions");

    private static TheoryData<string, string> Files(string folder)
    {
        var data = new TheoryData<string, string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, folder)).Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(dir), Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_seed_loads(string target, string file)
        => Assert.Null(FuzzTargets.All[target](File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "seeds", target, file))));

    [Theory]
    [MemberData(nameof(Regressions))]
    public void A_former_crash_is_a_format_exception(string target, string file)
        => Assert.NotNull(FuzzTargets.All[target](File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "regressions", target, file))));

    [Fact]
    public void Every_target_has_seeds()
        => Assert.All(FuzzTargets.All.Keys, t => Assert.NotEmpty(Directory.GetFiles(Inputs.Seeds(t))));
}
