using System.Text.RegularExpressions;
using MedPayIQ.X12;

namespace MedPayIQ.X12.Tests;

/// <summary>
/// A corpus of broken 837P files, each made from hillside-two-transactions.837 by one mutation: each gets its precise
/// error (interchange, transaction, segment number, segment id, element, text found, what was expected), and the
/// transaction it does not touch is still read.
/// </summary>
public partial class BrokenInputTests
{
    private static readonly string Good = File.ReadAllText(ReaderTests.PathOf("hillside-two-transactions.837"));

    private static string Replace(string what, string with)
    {
        Assert.Contains(what, Good, StringComparison.Ordinal);
        return Good.Replace(what, with, StringComparison.Ordinal);
    }

    /// <summary>Reads a broken text: the first transaction's error (0001 broken, 0002 still read).</summary>
    private static X12Error FirstTransactionFails(string text)
    {
        var (claims, reader) = ReaderTests.ReadText(text, "broken.837");
        Assert.Equal([false, true], reader.Transactions.Select(t => t.Read));
        Assert.Equal(["C-3003", "D-4004"], claims.Select(c => c.ClaimId));
        var error = reader.Transactions[0].Error!;
        Assert.Equal(("broken.837", "000000101", "0001"), (error.Source, error.Interchange, error.Transaction));
        return error;
    }

    [Fact]
    public void Wrong_SE_count()
    {
        var se = SeOfFirst().Match(Good);
        int count = int.Parse(se.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var error = FirstTransactionFails(Good.Replace(se.Value, $"SE*{count + 1}*0001~", StringComparison.Ordinal));
        Assert.Equal(("SE", "SE01", $"{count + 1}", count), (error.SegmentId, error.Element, error.Found, error.TransactionSegment));
        Assert.Equal($"{count}, the number of segments from ST to SE", error.Expected);
        Assert.Equal($"broken.837 ISA13 000000101 ST02 0001 segment {count + 2} ({count} in the transaction) SE01: found '{count + 1}', expected {count}, the number of segments from ST to SE.", error.ToString());
    }

    [Fact]
    public void Missing_CLM()
    {
        var error = FirstTransactionFails(Replace("CLM*A-1001*300***11:B:1*Y*A*Y*Y~\n", ""));
        Assert.Equal(("HI", "", 20), (error.SegmentId, error.Element, error.TransactionSegment));
        Assert.Equal("CLM before HI", error.Expected);
    }

    [Fact]
    public void Bad_date_of_service()
    {
        var error = FirstTransactionFails(Replace("DTP*472*D8*20260706~\nREF*6R*A1001-1", "DTP*472*D8*20260230~\nREF*6R*A1001-1"));
        Assert.Equal(("DTP", "DTP03", "20260230"), (error.SegmentId, error.Element, error.Found));
        Assert.StartsWith("a date of service CCYYMMDD", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_date_range()
    {
        var error = FirstTransactionFails(Replace("RD8*20251110-20251130", "RD8*20251130-20251110"));
        Assert.Equal(("DTP", "DTP03", "20251130-20251110"), (error.SegmentId, error.Element, error.Found));
    }

    [Fact]
    public void Segment_of_10_MB()
    {
        var error = FirstTransactionFails(Replace("HI*ABK:I10*ABF:E119~\n", "HI*ABK:I10*ABF:E119~\nNTE*ADD*" + new string('X', 10 << 20) + "~\n"));
        Assert.Equal("NTE", error.SegmentId);
        Assert.Equal("NTE*ADD*" + new string('X', 32), error.Found); // the first 40 characters
        Assert.StartsWith("a segment terminator '~' within 65,536 characters", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Charge_that_is_not_an_amount()
    {
        var error = FirstTransactionFails(Replace("CLM*A-1001*300*", "CLM*A-1001*3O0*"));
        Assert.Equal(("CLM", "CLM02", "3O0"), (error.SegmentId, error.Element, error.Found));
    }

    [Fact]
    public void Total_charge_that_is_not_the_sum_of_the_lines()
    {
        var error = FirstTransactionFails(Replace("CLM*A-1001*300*", "CLM*A-1001*301*"));
        Assert.Equal(("HL", "CLM02", "301"), (error.SegmentId, error.Element, error.Found));
        Assert.Equal("300, the sum of the line charges (SV102) of claim A-1001", error.Expected);
    }

    [Theory]
    [InlineData("SV1*HC:99214*180*UN*1*11**1:2", "SV1*HC:99214:5*180*UN*1*11**1:2", "SV101-3", "5")]
    [InlineData("SV1*HC:99214*180*UN*1*11**1:2", "SV1*HC:9921*180*UN*1*11**1:2", "SV101-2", "9921")]
    [InlineData("SV1*HC:99214*180*UN*1*11**1:2", "SV1*ZZ:99214*180*UN*1*11**1:2", "SV101-1", "ZZ:99214")]
    [InlineData("SV1*HC:99214*180*UN*1*11**1:2", "SV1*HC:99214*180*DA*1*11**1:2", "SV103", "DA")]
    [InlineData("SV1*HC:99214*180*UN*1*11**1:2", "SV1*HC:99214*180*UN*1.5*11**1:2", "SV104", "1.5")]
    [InlineData("SV1*HC:99214*180*UN*1*11**1:2", "SV1*HC:99214*180*UN*1*11**1:13", "SV107", "1:13")]
    [InlineData("N4*BEVERLY HILLS*CA*902101234", "N4*BEVERLY HILLS*CA*9021", "N403", "9021")]
    [InlineData("ST*837*0001*005010X222A1", "ST*837*0001*005010X223A2", "ST03", "005010X223A2")]
    [InlineData("DMG*D8*19480312*F", "DMG*D8*19481312*F", "DMG02", "19481312")]
    [InlineData("HI*ABK:I10*ABF:E119", "HI*ABK:I10*XYZ:E119", "HI02", "XYZ:E119")]
    [InlineData("CLM*A-1001*300***11:B:1*Y*A", "CLM*A-1001*300***1:B:1*Y*A", "CLM05-1", "1")]
    public void Bad_element(string good, string bad, string element, string found)
    {
        var error = FirstTransactionFails(Replace(good, bad));
        Assert.Equal((element, found), (error.Element, error.Found));
        Assert.StartsWith(element[..Math.Min(element.Length, 2)], error.SegmentId, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_date_of_service()
    {
        var error = FirstTransactionFails(Replace("DTP*472*D8*20260706~\nREF*6R*A1001-2", "REF*6R*A1001-2"));
        Assert.Equal("HL", error.SegmentId); // the next loop closes line 2, which has no date
        Assert.Equal("DTP*472, the date of service, in service line 2", error.Expected);
    }

    [Fact]
    public void Truncated_file()
    {
        var (claims, reader) = ReaderTests.ReadText(Good[..^400], "cut.837");
        Assert.Equal(["A-1001", "B-2002", "B-2003"], claims.Select(c => c.ClaimId));
        Assert.Equal([true, false], reader.Transactions.Select(t => t.Read));
        var error = reader.Transactions[1].Error!;
        Assert.Equal("0002", error.Transaction);
        Assert.Equal(("N4", "N4*N"), (error.SegmentId, error.Found));
        Assert.Equal("the segment terminator '~' (the file ends inside a segment: truncated?)", error.Expected);
        Assert.Same(error, Assert.Single(reader.Errors));
    }

    [Theory]
    [InlineData(50, 'X', "position 51")] // an element separator out of place: ISA's fixed widths are broken
    [InlineData(104, '*', "component separator")] // ISA16 the same as the element separator
    public void Unknown_delimiters(int at, char put, string expected)
    {
        var text = Good[..at] + put + Good[(at + 1)..];

        var ex = Assert.Throws<X12FormatException>(() => ReaderTests.ReadText(text));
        Assert.Equal(("ISA", 1L), (ex.Error.SegmentId, ex.Error.FileSegment));
        Assert.Contains(expected, ex.Error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_an_interchange()
    {
        var ex = Assert.Throws<X12FormatException>(() => ReaderTests.ReadText("claim_id,date,hcpcs\r\nA,2025-01-02,99213\r\n"));
        Assert.Equal("claim_id,date,hcpcs\r\nA,2025-01-02,99213\r", ex.Error.Found); // the first 40 characters
        Assert.StartsWith("an ISA segment", ex.Error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Envelope_counts_are_checked_without_unreading_the_transactions()
    {
        var (claims, reader) = ReaderTests.ReadText(Replace("GE*2*1~", "GE*3*1~").Replace("IEA*1*000000101~", "IEA*1*000000102~", StringComparison.Ordinal));
        Assert.Equal(5, claims.Count);
        Assert.Equal(["GE01", "IEA02"], reader.Errors.Select(e => e.Element));
        Assert.Equal(["2, the number of transaction sets (ST) in the group", "000000101, the interchange control number of ISA13"], reader.Errors.Select(e => e.Expected));
    }

    /// <summary>Characters that damage a file most: delimiters, a line break, a digit, a letter, a sign, a point.</summary>
    private const string Damage = "*:~^\n0A-.";

    /// <summary>
    /// Random damage to a good file (characters deleted, inserted, replaced by delimiters, segments repeated or cut)
    /// never crashes the reader: the answer is claims, transactions not read with their error, or an
    /// <see cref="X12FormatException"/>; the claims it returns add up, and every transaction not read says why.
    /// </summary>
    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool Damaged_files_never_crash_the_reader(int seed)
    {
        var random = new Random(seed);
        var text = new System.Text.StringBuilder(Good);
        for (int n = 1 + random.Next(5); n > 0 && text.Length > 1; n--)
        {
            int at = random.Next(text.Length);
            switch (random.Next(6))
            {
                case 0:
                    text.Remove(at, Math.Min(1 + random.Next(40), text.Length - at));
                    break;
                case 1:
                    text.Insert(at, Damage[random.Next(Damage.Length)]);
                    break;
                case 2:
                    text[at] = (char)random.Next(32, 127);
                    break;
                case 3:
                    int end = Good.IndexOf('~', at % Good.Length);
                    int start = Good.LastIndexOf('\n', at % Good.Length) + 1;
                    if (end > start)
                    {
                        text.Insert(at, Good[start..(end + 1)]);
                    }

                    break;
                case 4:
                    text.Length = at;
                    break;
                default:
                    text.Insert(at, new string('9', random.Next(1, 30)));
                    break;
            }
        }

        try
        {
            var (claims, reader) = ReaderTests.ReadText(text.ToString(), "damaged.837");
            return claims.All(c => c.ServiceLines.Length > 0 && c.TotalCharge == c.ServiceLines.Sum(l => l.Line.BilledCharge))
                && claims.Count == reader.Transactions.Sum(t => t.Claims)
                && reader.Transactions.All(t => t.Read || (t.Error is { Expected.Length: > 0 } && t.Claims == 0));
        }
        catch (X12FormatException ex)
        {
            return ex.Error.SegmentId == "ISA";
        }
    }

    [GeneratedRegex(@"SE\*(\d+)\*0001~")]
    private static partial Regex SeOfFirst();
}
