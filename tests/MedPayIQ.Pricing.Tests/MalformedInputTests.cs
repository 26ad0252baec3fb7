using System.Text;

namespace MedPayIQ.Pricing.Tests;

/// <summary>Every malformed file gives a <see cref="FeeScheduleFormatException"/> naming file, line, column, value and expectation.</summary>
public class MalformedInputTests
{
    private const string File = "PPRRVU2025_Oct.csv";

    /// <summary>The real RVU25D preamble and header (10 lines) and its rows for 77321, 77321-26, 77321-TC (lines 11-13).</summary>
    private static string[] SmallRvuFile()
    {
        var lines = Encoding.ASCII.GetString(TestData.Packaged("RVU25D/PPRRVU2025_Oct.csv")).Split("\r\n");
        return [.. lines[..10], .. lines.Where(l => l.StartsWith("77321,", StringComparison.Ordinal))];
    }

    private static FeeScheduleRelease LoadCsv(string[] lines, bool includeValues = true)
        => FeeScheduleLoader.Load(
            [FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, File, Encoding.ASCII.GetBytes(string.Join("\r\n", lines) + "\r\n"))],
            new FeeScheduleLoadOptions { ReleaseId = ReleaseId.Parse("RVU25D"), IncludeValuesInExceptions = includeValues });

    private static string[] Edit(int line, Func<string, string> change)
    {
        var lines = SmallRvuFile();
        lines[line - 1] = change(lines[line - 1]);
        return lines;
    }

    private static string ReplaceField(string row, int field, string value)
    {
        var f = row.Split(',');
        f[field] = value;
        return string.Join(',', f);
    }

    [Fact]
    public void The_small_file_itself_loads()
    {
        var release = LoadCsv(SmallRvuFile());
        Assert.Equal(3, release.Rvus.Count);
    }

    [Fact]
    public void A_UTF8_byte_order_mark_and_LF_line_ends_are_accepted()
    {
        var text = string.Join("\n", SmallRvuFile()) + "\n";
        var bytes = (byte[])[0xEF, 0xBB, 0xBF, .. Encoding.ASCII.GetBytes(text)];
        var release = FeeScheduleLoader.Load([FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, File, bytes)], new() { ReleaseId = ReleaseId.Parse("RVU25D") });
        Assert.Equal(3, release.Rvus.Count);
        var headerFirst = (byte[])[0xEF, 0xBB, 0xBF, .. Encoding.ASCII.GetBytes(string.Join("\r\n", SmallRvuFile()[9..]))];
        Assert.Equal(3, FeeScheduleLoader.Load([FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, File, headerFirst)], new() { ReleaseId = ReleaseId.Parse("RVU25D") }).Rvus.Count);
    }

    [Fact]
    public void Text_in_a_numeric_column()
    {
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv(Edit(12, r => ReplaceField(r, 5, "0.9x"))));
        Assert.Equal(File, ex.FileName);
        Assert.Equal(12, ex.LineNumber);
        Assert.Equal(6, ex.Column);
        Assert.Equal("WORK RVU", ex.ColumnName);
        Assert.Equal("0.9x", ex.Value);
        Assert.Equal("PPRRVU2025_Oct.csv line 12, column 6 (WORK RVU): found '0.9x'; expected a non-negative decimal number with at most 2 decimals", ex.Message);
    }

    [Fact]
    public void Values_are_kept_out_of_messages_when_asked()
    {
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv(Edit(12, r => ReplaceField(r, 5, "SECRET")), includeValues: false));
        Assert.Null(ex.Value);
        Assert.DoesNotContain("SECRET", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 12, column 6 (WORK RVU)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, "1.234", "WORK RVU")]          // three decimals in an RVU
    [InlineData(5, "-1.00", "WORK RVU")]          // negative RVU
    [InlineData(24, "32,3465", "CONV FACTOR")]    // shifts the row: 32 fields
    [InlineData(13, "X", "PCTC IND")]
    [InlineData(14, "100", "GLOB DAYS")]
    [InlineData(18, "8", "MULT PROC")]
    [InlineData(7, "N/A", "NON-FAC NA INDICATOR")]
    [InlineData(15, "1.50", "PRE OP")]
    [InlineData(25, "99", "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES")]
    [InlineData(27, "42", "DIAGNOSTIC IMAGING FAMILY INDICATOR")]
    [InlineData(0, "ABC", "HCPCS")]
    [InlineData(0, "77.21", "HCPCS")]
    [InlineData(1, "2", "MOD")]
    public void Bad_values_name_their_column(int field, string value, string column)
    {
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv(Edit(11, r => ReplaceField(r, field, value))));
        Assert.Equal(11, ex.LineNumber);
        if (value.Contains(',', StringComparison.Ordinal))
        {
            Assert.Contains("expected 31 fields", ex.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(column, ex.ColumnName);
            Assert.Equal(field + 1, ex.Column);
            Assert.Equal(value, ex.Value);
        }
    }

    [Fact]
    public void Unknown_status_code()
    {
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv(Edit(13, r => ReplaceField(r, 3, "Q"))));
        Assert.Equal((13L, 4, "STATUS CODE", "Q"), (ex.LineNumber, ex.Column, ex.ColumnName, ex.Value));
        Assert.Contains("expected a status code", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_total_that_is_not_the_sum_of_its_RVUs()
    {
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv(Edit(11, r => ReplaceField(r, 12, "2.87"))));
        Assert.Equal((11L, 13, "FACILITY TOTAL", "2.87"), (ex.LineNumber, ex.Column, ex.ColumnName, ex.Value));
        Assert.Contains("expected WORK RVU + FACILITY PE RVU + MP RVU = 2.86", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_code_and_modifier()
    {
        var lines = SmallRvuFile();
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv([.. lines, lines[11]]));
        Assert.Equal(14, ex.LineNumber);
        Assert.Contains("duplicate row for HCPCS 77321 modifier 26; the first is on line 12", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_in_a_resorted_file_names_both_lines()
    {
        var lines = SmallRvuFile();
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv([.. lines[..10], lines[12], lines[10], lines[11], lines[12]]));
        Assert.Contains("HCPCS 77321 modifier TC", ex.Message, StringComparison.Ordinal);
        Assert.Equal(14, ex.LineNumber);
        Assert.Contains("first is on line 11", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_line()
    {
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv(Edit(12, r => r[..40])));
        Assert.Equal(12, ex.LineNumber);
        Assert.Contains("expected 31 fields as in the header on line 10, found", ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_file_cut_in_a_quoted_description()
    {
        var lines = SmallRvuFile();
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv([.. lines[..11], "77321,26,\"Special tele"]));
        Assert.Equal(12, ex.LineNumber);
    }

    [Fact]
    public void Missing_header()
    {
        var lines = SmallRvuFile();
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv([.. lines[..9], .. lines[10..]]));
        Assert.Contains("no PPRRVU header row", ex.Message, StringComparison.Ordinal);
        Assert.Equal(File, ex.FileName);
    }

    [Fact]
    public void Wrong_column_count_in_the_header()
    {
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv(Edit(10, r => r + ",EXTRA")));
        Assert.Equal(10, ex.LineNumber);
        Assert.Contains("column 32", ex.Message, StringComparison.Ordinal);

        var shifted = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv(Edit(10, r => r.Replace("PE RVU,INDICATOR,PE RVU", "PE RVU,PE RVU,INDICATOR", StringComparison.Ordinal))));
        Assert.Equal((10L, 8), (shifted.LineNumber, shifted.Column));
        Assert.Contains("expected 'INDICATOR'", shifted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_column_count_in_a_row()
    {
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv(Edit(11, r => r + ",1.00")));
        Assert.Equal(11, ex.LineNumber);
        Assert.Contains("expected 31 fields", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_and_header_only_file()
    {
        var empty = Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.Load([FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, File, Array.Empty<byte>())], new() { ReleaseId = ReleaseId.Parse("RVU25D") }));
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
        var headerOnly = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv(SmallRvuFile()[..10]));
        Assert.Contains("no data rows", headerOnly.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tab_separated_copy_is_not_taken_for_the_CSV()
    {
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv([.. SmallRvuFile().Select(l => l.Replace(',', '\t'))]));
        Assert.Contains("no PPRRVU header row", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mixed_conversion_factors_are_refused()
    {
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv(Edit(12, r => ReplaceField(r, 24, "33.4009"))));
        Assert.Contains("different conversion factors", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500)]    // first half of the file
    [InlineData(18_000)] // second half: parsed on another thread, line numbers still exact
    public void Errors_in_a_full_size_file_name_the_exact_line(int line)
    {
        var lines = Encoding.ASCII.GetString(TestData.Packaged("RVU25D/PPRRVU2025_Oct.csv")).Split("\r\n");
        while (lines[line - 1].Contains('"', StringComparison.Ordinal))
        {
            line++;
        }

        var fields = lines[line - 1].Split(',');
        fields[3] = "Q";
        lines[line - 1] = string.Join(',', fields);
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv(lines));
        Assert.Equal((line, 4, "STATUS CODE", "Q"), ((int)ex.LineNumber, ex.Column, ex.ColumnName, ex.Value));
    }

    [Fact]
    public void Full_size_file_duplicate_across_halves_names_both_lines()
    {
        var lines = Encoding.ASCII.GetString(TestData.Packaged("RVU25D/PPRRVU2025_Oct.csv")).Split("\r\n");
        lines[18_000] = lines[100];
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv(lines));
        Assert.Equal(18_001, ex.LineNumber);
        Assert.Contains("the first is on line 101", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void End_of_file_marker_is_accepted_only_at_the_end()
    {
        var lines = SmallRvuFile();
        Assert.Equal(3, LoadCsv([.. lines, "\u001a"]).Rvus.Count);
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadCsv([.. lines[..11], "\u001a", .. lines[11..]]));
        Assert.Equal(12, ex.LineNumber);
        Assert.Contains("end-of-file character", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fixed_width_truncated_record()
    {
        var lines = Encoding.ASCII.GetString(TestData.Bytes("PPRRVU2025_Oct.txt")).Split("\r\n")[..12];
        lines[9] = lines[9][..100];
        var ex = Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.Load(
            [FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuFixedWidth, "PPRRVU2025_Oct.txt", Encoding.ASCII.GetBytes(string.Join("\r\n", lines)))], new() { ReleaseId = ReleaseId.Parse("RVU25D") }));
        Assert.Equal(10, ex.LineNumber);
        Assert.Contains("at least 171 characters, found 100", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fixed_width_bad_value_names_its_character_position()
    {
        var lines = Encoding.ASCII.GetString(TestData.Bytes("PPRRVU2025_Oct.txt")).Split("\r\n")[..12];
        lines[8] = string.Concat(lines[8].AsSpan(0, 59), "  X.95", lines[8].AsSpan(65));
        var ex = Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.Load(
            [FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuFixedWidth, "PPRRVU2025_Oct.txt", Encoding.ASCII.GetBytes(string.Join("\r\n", lines)))], new() { ReleaseId = ReleaseId.Parse("RVU25D") }));
        Assert.Equal((9L, 60, "WORK RVU"), (ex.LineNumber, ex.Column, ex.ColumnName));
    }

    private static FeeScheduleRelease LoadWith(FeeScheduleFileKind kind, string name, string content)
        => FeeScheduleLoader.Load(
            [FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, File, Encoding.ASCII.GetBytes(string.Join("\r\n", SmallRvuFile()))),
             FeeScheduleFile.FromBytes(kind, name, Encoding.ASCII.GetBytes(content))],
            new() { ReleaseId = ReleaseId.Parse("RVU25D") });

    private static string Packaged(string entry) => Encoding.ASCII.GetString(TestData.Packaged(entry));

    [Fact]
    public void Gpci_with_text_in_a_gpci_column()
    {
        var text = Packaged("2025/GPCI2025.csv").Replace("10112,AL,00,ALABAMA,1,0.869,0.575", "10112,AL,00,ALABAMA,1,O.869,0.575", StringComparison.Ordinal);
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadWith(FeeScheduleFileKind.Gpci, "GPCI2025.csv", text));
        Assert.Equal(("GPCI2025.csv", 4L, 6, "PE GPCI", "O.869"), (ex.FileName, ex.LineNumber, ex.Column, ex.ColumnName, ex.Value));
    }

    [Fact]
    public void Gpci_duplicate_locality_and_missing_header()
    {
        var text = Packaged("2025/GPCI2025.csv");
        var lines = text.Split("\r\n");
        var dup = Assert.Throws<FeeScheduleFormatException>(() => LoadWith(FeeScheduleFileKind.Gpci, "GPCI2025.csv", string.Join("\r\n", [.. lines[..5], lines[3], .. lines[5..]])));
        Assert.Contains("duplicate row for locality 10112/00; the first is on line 4", dup.Message, StringComparison.Ordinal);
        var noHeader = Assert.Throws<FeeScheduleFormatException>(() => LoadWith(FeeScheduleFileKind.Gpci, "GPCI2025.csv", string.Join("\r\n", lines.Where((_, i) => i != 2))));
        Assert.Contains("no GPCI header row", noHeader.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Anesthesia_header_without_national_factor()
    {
        var text = Packaged("2025/ANES2025.csv").Replace("National Anes CF of 20.3178", "National Anes CF", StringComparison.Ordinal);
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadWith(FeeScheduleFileKind.Anesthesia, "ANES2025.csv", text));
        Assert.Equal((1L, 4), (ex.LineNumber, ex.Column));
    }

    [Fact]
    public void Opps_cap_bad_price_and_missing_header()
    {
        var text = Packaged("2025/OPPSCAP_Oct.csv");
        var bad = text.Replace("0633T,TC,C,01112,05,150.69,150.69", "0633T,TC,C,01112,05,150.69,$150.69", StringComparison.Ordinal);
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadWith(FeeScheduleFileKind.OppsCap, "OPPSCAP_Oct.csv", bad));
        Assert.Equal((2L, 7, "NON-FACILTY PRICE", "$150.69"), (ex.LineNumber, ex.Column, ex.ColumnName, ex.Value));
        var noHeader = Assert.Throws<FeeScheduleFormatException>(() => LoadWith(FeeScheduleFileKind.OppsCap, "OPPSCAP_Oct.csv", text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..]));
        Assert.Equal(1, noHeader.LineNumber);
        Assert.Contains("expected the OPPSCAP header", noHeader.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zip5_bad_record()
    {
        var lines = Packaged("zip/ZIP5_OCT2025.txt").Split("\r\n")[..5];
        lines[2] = string.Concat(lines[2].AsSpan(0, 14), "X", lines[2].AsSpan(15));
        var ex = Assert.Throws<FeeScheduleFormatException>(() => LoadWith(FeeScheduleFileKind.Zip5, "ZIP5_OCT2025.txt", string.Join("\r\n", lines)));
        Assert.Equal((3L, 15, "Rural Indicator"), (ex.LineNumber, ex.Column, ex.ColumnName));
        lines = Packaged("zip/ZIP5_OCT2025.txt").Split("\r\n")[..5];
        var dup = Assert.Throws<FeeScheduleFormatException>(() => LoadWith(FeeScheduleFileKind.Zip5, "ZIP5_OCT2025.txt", string.Join("\r\n", [.. lines, lines[0]])));
        Assert.Contains("duplicate row for ZIP code 99501; the first is on line 1", dup.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_garbage_is_refused()
    {
        var garbage = new byte[4096];
        new Random(42).NextBytes(garbage);
        Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.Load([FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, File, garbage)], new() { ReleaseId = ReleaseId.Parse("RVU25D") }));
        Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.Load([FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuFixedWidth, "PPRRVU.txt", garbage)], new() { ReleaseId = ReleaseId.Parse("RVU25D") }));
    }
}
