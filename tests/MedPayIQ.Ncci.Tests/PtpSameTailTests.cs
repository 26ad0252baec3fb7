using System.Globalization;
using System.Text;
using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci.Tests;

/// <summary>
/// Rows whose bytes after column 2 are the row before's (most of CMS's rows: the same dates, indicator and rationale)
/// are read by their two codes only: they must read as the rows they are, wherever their line ends and column 1 change,
/// and a bad code among them must be the error the general reader words.
/// </summary>
public class PtpSameTailTests
{
    private sealed record Tail(bool Prior, DateOnly Effective, DateOnly? Deletion, int Indicator, string Rationale);

    private static readonly Tail[] Tails =
    [
        new(false, new DateOnly(2025, 1, 1), null, 1, "Mutually exclusive procedures"),
        new(false, new DateOnly(2025, 1, 1), null, 0, "Mutually exclusive procedures"),
        new(true, new DateOnly(1996, 1, 1), null, 1, "Standards of medical/surgical practice"),
        new(false, new DateOnly(2010, 4, 1), new DateOnly(2015, 12, 31), 9, "CPT Separate procedure definition"),
        new(false, new DateOnly(2025, 1, 1), null, 1, ""),
        new(false, new DateOnly(2025, 1, 1), null, 1, "Mutually exclusive procedure"), // one byte shorter than the first
    ];

    private static string Day(DateOnly? d) => d is { } x ? x.ToString("yyyyMMdd", CultureInfo.InvariantCulture) : "*";

    /// <summary>Rows sharing tails in runs of 1-5, column 1 changing every 7 rows, every 13th line ending in LF alone.</summary>
    private static (byte[] Bytes, List<string> Expected) Rows(int count)
    {
        var text = new StringBuilder("CPT only copyright 2025 American Medical Association.\t\t\t\t\t\t\r\n")
            .Append("Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale\r\n");
        var expected = new List<string>(count);
        var random = new Random(5);
        int tail = 0, left = 0;
        for (int i = 0; i < count; i++)
        {
            if (left-- == 0)
            {
                tail = random.Next(Tails.Length);
                left = random.Next(5);
            }

            var t = Tails[tail];
            string c1 = (10_000 + (i / 7)).ToString(CultureInfo.InvariantCulture), c2 = (20_000 + (i % 7)).ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{c1}\t{c2}\t{(t.Prior ? "*" : "")}\t{Day(t.Effective)}\t{Day(t.Deletion)}\t{t.Indicator}")
                .Append(t.Rationale.Length > 0 ? "\t" + t.Rationale : "")
                .Append(i % 13 == 12 ? "\n" : "\r\n");
            var row = new PtpRow(HcpcsCode.Parse(c1).PackedValue, HcpcsCode.Parse(c2).PackedValue, t.Effective.DayNumber, (t.Deletion ?? DateOnly.MaxValue).DayNumber,
                (PtpModifierIndicator)t.Indicator, t.Prior, 0);
            expected.Add($"{row} {t.Rationale}");
        }

        return (Encoding.ASCII.GetBytes(text.ToString()), expected);
    }

    private static List<string> Read(byte[] bytes, int sliceBytes)
        => [.. NcciReaders.Ptp(bytes, "ccipra-v322r0-f1.txt", values: true, sliceBytes: sliceBytes)
            .SelectMany(c => c.Rows.Select(r => $"{r with { Rationale = 0 }} {c.Rationales[r.Rationale]}"))];

    [Fact]
    public void Rows_with_the_tail_of_the_row_before_read_as_the_rows_they_are()
    {
        var (bytes, expected) = Rows(5_000);
        Assert.Equal(expected, Read(bytes, int.MaxValue));
        Assert.Equal(expected, Read(bytes, 4 << 10)); // slices start and end among runs of the same tail
    }

    [Theory]
    [InlineData(1, "1000!")] // column 1 of a row whose tail is the row before's
    [InlineData(2, "2000!")] // column 2 of such a row
    public void A_bad_code_in_a_row_with_the_tail_of_the_row_before_is_the_general_readers_error(int column, string code)
    {
        var (bytes, _) = Rows(200);
        var lines = Encoding.ASCII.GetString(bytes).Split('\n');

        // The first row (from the 100th) whose tail, line end included, is its predecessor's.
        int at = Enumerable.Range(100, 90).First(k => lines[k][11..] == lines[k - 1][11..]);
        var fields = lines[at].Split('\t');
        fields[column - 1] = code;
        lines[at] = string.Join('\t', fields);
        var ex = Assert.Throws<NcciFormatException>(() => NcciReaders.Ptp(Encoding.ASCII.GetBytes(string.Join('\n', lines)), "ccipra-v322r0-f1.txt", values: true));
        Assert.Equal(at + 1, ex.LineNumber);
        Assert.Equal(column, ex.Column);
        Assert.Contains(code, ex.Message, StringComparison.Ordinal);
    }
}
