using FsCheck.Xunit;
using MedPayIQ.Fuzzing;

namespace MedPayIQ.Hardening.Tests;

/// <summary>
/// FsCheck over every loader: random bytes, and real CMS rows (the packaged files and the test excerpts) sampled and
/// mutated the ways files get broken. The only exception is the loader's format exception; a file that loads holds
/// no negative RVU (FuzzTargets.Check); the same bytes give the same answer twice.
/// </summary>
public class LoaderPropertyTests
{
    private static readonly string[] TargetNames = [.. FuzzTargets.All.Keys.Order(StringComparer.Ordinal)];

    /// <summary>A real CMS file of each target, split into its header lines and its rows.</summary>
    private static readonly Lazy<Dictionary<string, (byte[][] Head, byte[][] Rows)>> RealFiles = new(() => new(StringComparer.Ordinal)
    {
        ["pprrvu-csv"] = Split(Inputs.Packaged("RVU25D/PPRRVU2025_Oct.csv"), l => l.StartsWith("HCPCS,MOD,"u8)),
        ["pprrvu-txt"] = Split(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "PPRRVU2025_Oct.txt")), l => !l.StartsWith("HDR"u8), headerIsRow: true),
        ["gpci"] = Split(Inputs.Packaged("RVU26C/GPCI2026.csv"), l => l.StartsWith("Medicare Administrative Contractor"u8)),
        ["locco"] = Split(Inputs.Packaged("2025/25LOCCO.csv"), l => l.StartsWith("Medicare Adminstrative Contractor"u8)),
        ["anes"] = Split(Inputs.Packaged("2025/ANES2025.csv"), l => l.StartsWith("Contractor,"u8)),
        ["oppscap"] = Split(Inputs.Packaged("2025/OPPSCAP_Oct.csv"), l => l.StartsWith("HCPCS,"u8)),
        ["zip5"] = Split(Inputs.Packaged("zip/ZIP5_OCT2025.txt"), _ => true, headerIsRow: true),
        ["ptp"] = Split(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "ccipra-v322r0-f1.excerpt.txt")), l => l.StartsWith("\t\t\t\t\t9=not"u8)),
        ["mue"] = Split(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv")), l => l.StartsWith("CPT Code\""u8)),
        ["aoc"] = Split(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "AOC_V2026Q2-MCR.csv")), l => l.StartsWith("AOC_Edit_Type"u8)),
    });

    private static (byte[][] Head, byte[][] Rows) Split(byte[] file, Func<byte[], bool> isLastHeadLine, bool headerIsRow = false)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < file.Length; i++)
        {
            if (file[i] == (byte)'\n')
            {
                lines.Add(file[start..(i + 1)]);
                start = i + 1;
            }
        }

        int head = lines.FindIndex(l => isLastHeadLine(l)) + (headerIsRow ? 0 : 1);
        return ([.. lines.GetRange(0, head)], [.. lines.GetRange(head, lines.Count - head).Where(l => l.Length > 2)]);
    }

    private static readonly string[] Tokens =
        [",", "\"", "\t", "\r\n", "\n", "\r", "\0", "\u001A", "-", ".", "E+02", " ", ";", "NA", "+", "*", "\"1,234.50\"", "1.2E+02", "-1", "99999999999", "00100", "100", "7/1/2026", "2026-07-01", "\uFEFF", "é", "(1.00)", "$", ""];

    /// <summary>A sample of real rows (the first and up to 40 more, in file order) and 0 to 4 mutations.</summary>
    private static (byte[] Data, int Mutations) Sample(string target, int seed)
    {
        var random = new Random(seed);
        var (head, rows) = RealFiles.Value[target];
        // LOCCO carries a state down to the rows under it: its sample is the first rows, in one piece.
        var picked = target == "locco" ? rows.Take(random.Next(2, 41))
            : Enumerable.Range(0, random.Next(1, 41)).Select(_ => random.Next(rows.Length)).Append(0).Distinct().Order().Select(i => rows[i]);
        var lines = head.Concat(picked).Select(l => (byte[])l.Clone()).ToList();
        int mutations = random.Next(5);
        for (int m = 0; m < mutations; m++)
        {
            int li = random.Next(lines.Count);
            var line = lines[li];
            int at = line.Length == 0 ? 0 : random.Next(line.Length);
            var token = Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]);
            switch (random.Next(8))
            {
                case 0 when line.Length > 0: line[at] = (byte)random.Next(256); break;
                case 1: lines[li] = [.. line[..at], .. token, .. line[at..]]; break;
                case 2: lines[li] = [.. line[..at], .. line[Math.Min(line.Length, at + random.Next(1, 12))..]]; break;
                case 3: lines.Insert(li, (byte[])line.Clone()); break;
                case 4: lines[li] = line[..at]; lines.RemoveRange(li + 1, lines.Count - li - 1); break; // cut short
                case 5: (lines[li], lines[^1]) = (lines[^1], lines[li]); break;
                case 6:
                    // A field (between two delimiters) replaced by a token.
                    int end = Array.FindIndex(line, at, b => b is (byte)',' or (byte)'\t');
                    lines[li] = end < 0 ? line : [.. line[..at], .. token, .. line[end..]];
                    break;
                default: lines[li] = [.. line.Where(b => b != (byte)'\r')]; break;
            }
        }

        return ([.. lines.SelectMany(l => l)], mutations);
    }

    [Property(MaxTest = 60)]
    public void Random_bytes_give_a_format_exception_or_a_release(byte[] data)
    {
        foreach (var target in TargetNames)
        {
            var first = FuzzTargets.All[target](data);
            Assert.Equal(first, FuzzTargets.All[target](data));
        }
    }

    [Property(MaxTest = 60)]
    public void Random_text_with_CMS_delimiters_gives_a_format_exception_or_a_release(int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (int i = random.Next(200); i > 0; i--)
        {
            text.Append(Tokens[random.Next(Tokens.Length)]).Append((char)random.Next(32, 127));
        }

        var data = Encoding.UTF8.GetBytes(text.ToString());
        foreach (var target in TargetNames)
        {
            Assert.Equal(FuzzTargets.All[target](data), FuzzTargets.All[target](data));
        }
    }

    [Property(MaxTest = 80)]
    public void Mutated_real_rows_give_a_format_exception_or_a_release(int seed, byte pick)
    {
        var targets = RealFiles.Value.Keys.Order(StringComparer.Ordinal).ToArray();
        string target = targets[pick % targets.Length];
        var (data, mutations) = Sample(target, seed);
        var first = FuzzTargets.All[target](data);
        Assert.Equal(first, FuzzTargets.All[target](data));
        if (mutations == 0)
        {
            Assert.True(first is null, $"{target}: real rows did not load: {first}");
        }
    }

    [Property(MaxTest = 40)]
    public void Mutated_zips_give_a_format_exception_or_a_release(int seed, bool ncci)
    {
        string target = ncci ? "ncci-zip" : "release-zip";
        var zip = File.ReadAllBytes(Directory.GetFiles(Inputs.Seeds(target))[0]);
        var random = new Random(seed);
        for (int m = random.Next(1, 4); m > 0; m--)
        {
            zip[random.Next(zip.Length)] = (byte)random.Next(256);
        }

        if (random.Next(4) == 0)
        {
            zip = zip[..random.Next(zip.Length)];
        }

        Assert.Equal(FuzzTargets.All[target](zip), FuzzTargets.All[target](zip));
    }
}
