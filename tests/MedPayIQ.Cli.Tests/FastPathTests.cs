using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Xunit;
using MedPayIQ.Cli.Reprice;
using Xunit;

namespace MedPayIQ.Cli.Tests;

/// <summary>
/// The fast paths of <c>reprice</c>'s output and parse give the answers of the general ones they stand beside: an
/// amount as <c>ToString("0.00")</c> writes it, a date as <c>yyyy-MM-dd</c>, a date read as
/// <c>DateOnly.TryParseExact</c> reads it (or left to it).
/// </summary>
public sealed class FastPathTests
{
    [Property(MaxTest = 2000)]
    public void An_amount_is_written_as_its_format_writes_it_or_left_to_it(long units, byte scale, bool negative)
    {
        long value = Math.Abs(units % 10_000_000_000_000_000);
        var amount = new decimal(unchecked((int)value), unchecked((int)(value >> 32)), 0, negative, (byte)(scale % 5));
        Span<byte> buffer = stackalloc byte[40];
        if (Utf8Digits.TryCents(amount, buffer, out int written))
        {
            Assert.Equal(amount.ToString("0.00", CultureInfo.InvariantCulture), Encoding.ASCII.GetString(buffer[..written]));
        }
        else
        {
            Assert.True(amount < 0m || amount.Scale > 2 || amount >= 100_000_000_000_000m);
        }
    }

    [Property(MaxTest = 2000)]
    public void A_date_is_written_as_yyyy_MM_dd(int days)
    {
        var date = DateOnly.MinValue.AddDays(Math.Abs(days % 3_652_059));
        Span<byte> buffer = stackalloc byte[10];
        Utf8Digits.Date(date, buffer);
        Assert.Equal(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Encoding.ASCII.GetString(buffer));
    }

    public static TheoryData<string> Texts => ["2025-02-28", "2024-02-29", "2025-02-29", "2025-13-01", "2025-00-10", "0000-01-01", "0001-01-01", "9999-12-31", "2025-1-01", " 2025-01-01", "2025/01/01", "2025-01-32", "2025-04-31", "20250101", "2025-01-0x", "２０２５-01-01", "", "2025-01- 1", "202 -01-01", "2025-0/-01"];

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_date_read_fast_is_the_date_the_general_way_reads(string text)
        => Check(text);

    [Property(MaxTest = 2000)]
    public void Any_ten_characters_read_fast_are_read_as_the_general_way_reads_them(int year, byte month, byte day, char separator)
        => Check(string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(year % 10_000):D4}{separator}{month % 14:D2}-{day % 33:D2}"));

    private static void Check(string text)
    {
        if (ClaimRows.TryDate(Encoding.UTF8.GetBytes(text), out var fast))
        {
            Assert.True(DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var general));
            Assert.Equal(general, fast);
        }
        else
        {
            // left to the general way, which trims and reads (or refuses with its message): the fast path never refuses what it reads
            Assert.False(text.Length == 10 && Ascii.IsValid(text) && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        }
    }

    [Fact]
    public void A_good_line_is_read_without_allocating_and_a_bad_field_still_names_its_line_and_column()
    {
        // units, pos, charge, minutes and base units read fast allocate nothing (a closure per field was 14% of a
        // million-line reprice's allocations); the slow path of a bad one still gives the file, line and column.
        var batch = new RowBatch();
        string[] good = ["C1", "1", "2025-11-05", "99213", "25", "2", "11", "", "", "", "", "", "", "", "125.50", "30", "4", ""];
        string[] bad = [.. good];
        bad[5] = "two";
        foreach (var row in new[] { good, bad })
        {
            batch.StartClaim("C1");
            foreach (string field in row)
            {
                batch.AddField(Encoding.UTF8.GetBytes(field));
            }

            batch.EndRow(7, null);
        }

        var line = ClaimRows.LineOf(batch, 0, "claims.csv");
        Assert.Equal((2, 125.50m, 30, 4), (line.Units, line.BilledCharge, line.AnesthesiaMinutes, line.AnesthesiaBaseUnits));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            _ = ClaimRows.LineOf(batch, 0, "claims.csv");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        var error = Assert.Throws<UsageException>(() => ClaimRows.LineOf(batch, 1, "claims.csv"));
        Assert.StartsWith("claims.csv line 7 column units: ", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Codes, modifiers, units and line numbers read from their bytes are what the general way reads, or are left to it (its message).</summary>
    [Property(MaxTest = 2000)]
    public void A_field_read_fast_is_the_field_the_general_way_reads(byte a, byte b, byte c, byte length, byte which)
    {
        const string alphabet = "0123456789ABZaz ,-.+/\"";
        char[] chars = [alphabet[a % alphabet.Length], alphabet[b % alphabet.Length], alphabet[c % alphabet.Length], '1', '2'];
        int column = which % 4;
        string text = new(chars, 0, column == 1 ? length % 6 : length % 4); // a code takes five, the others up to three
        string[] row = ["C1", "1", "2025-11-05", "99213", "", "1", "", "", "", "", "", "", "", "", "", "", "", ""];
        row[column switch { 0 => 4, 1 => 3, 2 => 5, _ => 1 }] = text;
        var batch = new RowBatch();
        batch.StartClaim("C1");
        foreach (string field in row)
        {
            batch.AddField(Encoding.UTF8.GetBytes(field));
        }

        batch.EndRow(3, null);
        string trimmed = text.Trim();
        switch (column)
        {
            case 0:
                Read(MedPayIQ.Pricing.ModifierSet.TryParse(trimmed, out var modifiers), modifiers, line => line.Modifiers);
                break;
            case 1:
                Read(MedPayIQ.Pricing.HcpcsCode.TryParse(trimmed, out var code), code, line => line.Hcpcs);
                break;
            case 2:
                Read(trimmed.Length == 0 || int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out _), trimmed.Length == 0 ? 1 : int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out int units) ? units : 0, line => line.Units);
                break;
            default:
                var parsed = new ClaimRows("claims.csv").Parse(batch, 0, stopAtFirstError: false);
                Assert.Equal(trimmed.Length == 0 ? "1" : trimmed, Assert.Single(parsed.Numbers)); // the line field as written, trimmed; its place when blank
                break;
        }

        void Read<T>(bool general, T expected, Func<MedPayIQ.Pricing.ClaimLine, T> field)
        {
            if (general)
            {
                Assert.Equal(expected, field(ClaimRows.LineOf(batch, 0, "claims.csv")));
            }
            else
            {
                Assert.StartsWith("claims.csv line 3 column ", Assert.Throws<UsageException>(() => ClaimRows.LineOf(batch, 0, "claims.csv")).Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_batch_of_many_rows_gives_back_every_field_as_added_present_or_absent()
    {
        // Past the first arrays' size (64 rows, 32 KB): the field ends and bytes grow while rows are added.
        var batch = new RowBatch();
        batch.StartClaim("C1");
        for (int row = 0; row < 300; row++)
        {
            for (int field = 0; field < RowBatch.Fields; field++)
            {
                if (field % 3 == 2)
                {
                    batch.AddEmpty();
                }
                else
                {
                    batch.AddField(Encoding.UTF8.GetBytes($"r{row}f{field}-{new string('x', row % 150)}"));
                }
            }

            batch.EndRow(row + 2, null);
        }

        for (int row = 0; row < 300; row++)
        {
            for (int field = 0; field < RowBatch.Fields; field++)
            {
                string expected = field % 3 == 2 ? "" : $"r{row}f{field}-{new string('x', row % 150)}";
                Assert.Equal(expected, Encoding.UTF8.GetString(batch.Field(row, field)));
            }
        }
    }

    [Fact]
    public void A_text_is_kept_when_written_twice_by_reference_and_its_bytes_are_what_was_written()
    {
        var cache = new Utf8TextCache();
        string sentence = "release in force, CMS formula";
        string copy = new([.. sentence]); // the same characters, another string
        byte[] quoted = Encoding.UTF8.GetBytes("\"release in force, CMS formula\"");
        Assert.False(cache.TryGet(sentence, out _));
        cache.Written(sentence, quoted);
        Assert.False(cache.TryGet(sentence, out _)); // seen once: a sentence written for one line is never copied
        cache.Written(sentence, quoted);
        Assert.True(cache.TryGet(sentence, out var kept));
        Assert.Equal(quoted, kept);
        Assert.False(cache.TryGet(copy, out _));
    }

    [Fact]
    public void A_priced_line_is_the_same_bytes_the_first_second_and_third_time()
    {
        // The reason sentence comes from the sink's cache from the third line on: the same bytes as written the first time.
        var price = new MedPayIQ.Pricing.PaymentCalculator(MedPayIQ.Pricing.Data.PackagedFeeSchedules.Catalog)
            .Price(new MedPayIQ.Pricing.Claim([
                new MedPayIQ.Pricing.ClaimLine(new DateOnly(2025, 11, 3), MedPayIQ.Pricing.HcpcsCode.Parse("99213"), default),
                new MedPayIQ.Pricing.ClaimLine(new DateOnly(2025, 11, 3), MedPayIQ.Pricing.HcpcsCode.Parse("99213"), MedPayIQ.Pricing.ModifierSet.Parse("26"))]));
        var sink = new CsvLineSink();
        string[] lines = new string[6];
        for (int i = 0; i < lines.Length; i++)
        {
            sink.Reset();
            sink.Priced("C1", "1", price, i % 2, 0);
            lines[i] = Encoding.UTF8.GetString(sink.Written);
        }

        Assert.Contains(",Priced,", lines[0], StringComparison.Ordinal);
        Assert.Contains(",InvalidModifier,", lines[1], StringComparison.Ordinal);
        Assert.Equal([lines[0], lines[0], lines[0]], [lines[2], lines[4], lines[0]]);
        Assert.Equal([lines[1], lines[1]], [lines[3], lines[5]]);
    }

    [Theory]
    [InlineData("C1", "C1")]
    [InlineData("A\"1,2", "\"A\"\"1,2\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("x\r\ny", "\"x\r\ny\"")]
    [InlineData("ü,é", "\"ü,é\"")]
    public void A_priced_line_quotes_its_texts_as_CSV_does(string claimId, string written)
    {
        var price = new MedPayIQ.Pricing.PaymentCalculator(MedPayIQ.Pricing.Data.PackagedFeeSchedules.Catalog)
            .Price(new MedPayIQ.Pricing.Claim([new MedPayIQ.Pricing.ClaimLine(new DateOnly(2025, 11, 3), MedPayIQ.Pricing.HcpcsCode.Parse("99213"), MedPayIQ.Pricing.ModifierSet.Parse("25,GT"))]));
        var sink = new CsvLineSink();
        sink.Priced(claimId, "1", price, 0, 0);
        string line = Encoding.UTF8.GetString(sink.Written);
        Assert.StartsWith(written + ",1,2025-11-03,99213,\"25,GT\",1,Priced,", line, StringComparison.Ordinal);
        Assert.EndsWith(",0\r\n", line, StringComparison.Ordinal);
    }
}
