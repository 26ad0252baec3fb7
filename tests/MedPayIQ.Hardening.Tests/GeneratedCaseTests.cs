using System.Diagnostics;
using MedPayIQ.Fuzzing;

namespace MedPayIQ.Hardening.Tests;

/// <summary>
/// The cases too large or too binary to commit, made here for every loader: encodings, a 10 MB line, garbage, an
/// empty file. Each gives the loader's format exception (or loads, where the file still says what CMS meant), fast.
/// </summary>
public class GeneratedCaseTests
{
    /// <summary>Every loader (the fuzz targets) with a real seed of its own.</summary>
    public static TheoryData<string> Targets => [.. FuzzTargets.All.Keys.Where(t => !t.EndsWith("-zip", StringComparison.Ordinal))];

    private static byte[] Seed(string target) => File.ReadAllBytes(Directory.GetFiles(Inputs.Seeds(target)).Order(StringComparer.Ordinal).First());

    /// <summary>The target's answer: <c>null</c> when it loads, else the format exception's message; anything else fails the test.</summary>
    private static string? Run(string target, byte[] data)
    {
        var clock = Stopwatch.StartNew();
        var result = FuzzTargets.All[target](data);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{target} took {clock.Elapsed}");
        return result;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Empty_file(string target) => Assert.Contains("empty", Run(target, []), StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Targets))]
    public void UTF8_byte_order_mark_is_read_past(string target)
        => Assert.Null(Run(target, [0xEF, 0xBB, 0xBF, .. Seed(target)]));

    [Theory]
    [MemberData(nameof(Targets))]
    public void UTF16_with_byte_order_mark_loads_as_the_same_file(string target)
    {
        // Excel's "Unicode Text" and Notepad's "Unicode": transcoded, the same rows as the UTF-8 file (fixed for the
        // PPRRVU and ZIP5 files, whose readers split lines on the raw bytes).
        var seed = Seed(target);
        var text = Encoding.UTF8.GetString(seed);
        Assert.Null(Run(target, [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]));
        Assert.Null(Run(target, [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)]));
        Assert.Equal(Rows(target, seed), Rows(target, [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]));
        // Without its byte order mark, UTF-16 is refused (a NUL after every character), never read as something else.
        Assert.NotNull(Run(target, Encoding.Unicode.GetBytes(text)));
    }

    /// <summary>How many rows the file loads into its table.</summary>
    private static int Rows(string target, byte[] data)
    {
        if (Inputs.FeeScheduleFolders.TryGetValue(target, out var f))
        {
            var r = Inputs.LoadFeeSchedule(f.Kind, f.Name, data);
            return r.Rvus.Count + r.Localities.Count + r.Counties.Count + r.Anesthesia.Count + r.OppsCaps.Count + r.Zips.Count;
        }

        string name = target switch { "ptp" => "ccipra-v322r0-f1.txt", "mue" => "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", _ => "AOC_V2026Q2-MCR.csv" };
        return NcciLoader.Load(new MemoryStream(data), name).Sum(t => t.Count);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Latin1_bytes_in_text_columns_load(string target)
    {
        // Excel on Windows saves é as the single byte 0xE9: only names and descriptions can hold one.
        var seed = Seed(target);
        int at = target switch
        {
            "pprrvu-txt" => Array.FindIndex(seed, b => b == (byte)'\n') + 1 + 7 + 40, // the last characters of the first record's descriptor
            _ => -1,
        };
        if (at > 0)
        {
            seed[at] = 0xE9;
            Assert.Null(Run(target, seed));
        }
        else
        {
            // A Latin-1 byte anywhere else is at worst a bad value: a format exception, never a crash.
            for (int i = 0; i < seed.Length; i += 97)
            {
                var copy = (byte[])seed.Clone();
                copy[i] = 0xE9;
                _ = Run(target, copy);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void A_10_MB_single_line(string target)
    {
        var line = new byte[10 << 20];
        line.AsSpan().Fill((byte)'7');
        Assert.NotNull(Run(target, line));
        var seed = Seed(target);
        Assert.NotNull(Run(target, [.. seed, .. line, (byte)'\r', (byte)'\n']));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Binary_garbage(string target)
    {
        var random = new Random(7);
        foreach (int size in (int[])[1, 3, 100, 4096, 1 << 20])
        {
            var garbage = new byte[size];
            random.NextBytes(garbage);
            Assert.NotNull(Run(target, garbage));
        }

        Assert.NotNull(Run(target, new byte[100_000])); // NUL bytes: a file preallocated and never written
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Cut_at_every_byte_of_the_first_lines(string target)
    {
        var seed = Seed(target);
        for (int cut = 0; cut < Math.Min(seed.Length, 1200); cut += 7)
        {
            _ = Run(target, seed[..cut]);
        }
    }

    [Fact]
    public void A_PPRRVU_file_past_the_parallel_threshold_cut_mid_row_names_the_last_line()
    {
        // The full RVU25D file is parsed in stretches on two cores: a cut in its last stretch is still one line's error.
        var full = Inputs.Packaged("RVU25D/PPRRVU2025_Oct.csv");
        int cut = full.Length - 60;
        var ex = Assert.Throws<FeeScheduleFormatException>(() => Inputs.LoadFeeSchedule(FeeScheduleFileKind.RvuCsv, "PPRRVU2025_Oct.csv", full[..cut]));
        long lines = full.AsSpan(0, cut).Count((byte)'\n') + 1;
        Assert.Equal(lines, ex.LineNumber);
        Assert.Contains("truncated line?", ex.Message, StringComparison.Ordinal);
    }
}
