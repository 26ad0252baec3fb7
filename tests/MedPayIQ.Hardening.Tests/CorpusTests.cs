namespace MedPayIQ.Hardening.Tests;

/// <summary>
/// The broken files of corpus/ (what each is: corpus/README.md): each gives the loader's format exception naming the
/// file, line, column and what was expected, or loads as CMS meant it; never another exception.
/// </summary>
public class CorpusTests
{
    /// <summary>Loads: the file is read as CMS meant it (Excel's harmless changes are undone).</summary>
    private const int Loads = -1;

    [Theory]
    // PPRRVU CSV (truncated rows, duplicates, tabs, bad values: MalformedInputTests)
    [InlineData("pprrvu-csv/truncated-mid-header.csv", 10, 7, "expected 'PE RVU'")]
    [InlineData("pprrvu-csv/semicolon-delimited.csv", 0, 0, "no PPRRVU header row")]
    [InlineData("pprrvu-csv/excel-scientific-number.csv", 11, 6, "found '9.5E-01'; expected a non-negative decimal number")]
    [InlineData("pprrvu-csv/excel-thousands-separator.csv", 12, 25, "found '1,234.50'")]
    [InlineData("pprrvu-csv/excel-accounting-negative.csv", 13, 11, "found '(0.01)'")]
    [InlineData("pprrvu-csv/excel-leading-zeros-stripped.csv", Loads, 0, "")]
    [InlineData("pprrvu-csv/excel-trailing-empty-columns.csv", Loads, 0, "")]
    [InlineData("pprrvu-csv/modifier-lowercase.csv", Loads, 0, "")]
    [InlineData("pprrvu-csv/missing-column.csv", 1, 5, "expected 'PAYMENT'")]
    [InlineData("pprrvu-csv/header-only-no-rows.csv", 0, 0, "no data rows")]
    [InlineData("pprrvu-csv/cut-inside-the-last-value.csv", Loads, 0, "")] // with a note (below)
    // PPRRVU fixed width
    [InlineData("pprrvu-txt/cut-in-the-hdr-block.txt", 0, 0, "no data rows")]
    [InlineData("pprrvu-txt/csv-given-as-fixed-width.txt", 1, 0, "at least 171 characters, found 102")]
    [InlineData("pprrvu-txt/spaces-turned-to-tabs.txt", 9, 0, "at least 171 characters")]
    [InlineData("pprrvu-txt/no-hdr-records.txt", 0, 0, "no HDR header records")]
    [InlineData("pprrvu-txt/shifted-one-column.txt", 9, 6, "found 'F '")]
    // GPCI
    [InlineData("gpci/truncated-mid-row.csv", 8, 0, "expected 7 fields of a GPCI row, found 4")]
    [InlineData("gpci/truncated-mid-header.csv", 3, 0, "expected 7 fields of a GPCI header row, found 3")]
    [InlineData("gpci/semicolon-delimited.csv", 3, 0, "found 1")]
    [InlineData("gpci/excel-leading-zeros-stripped.csv", Loads, 0, "")]
    [InlineData("gpci/excel-scientific-number.csv", 6, 5, "found '1.0E+00'")]
    [InlineData("gpci/excel-thousands-separator.csv", 7, 6, "found '1,086'")]
    [InlineData("gpci/inserted-column.csv", 4, 3, "found 'South'; expected a locality number")]
    [InlineData("gpci/extra-trailing-column.csv", Loads, 0, "")]
    [InlineData("gpci/header-only.csv", 0, 0, "a header but no localities")]
    [InlineData("gpci/two-letter-state-missing.csv", 4, 2, "expected a two-letter state code")]
    [InlineData("gpci/cut-inside-the-last-value.csv", Loads, 0, "")] // with a note (below)
    // LOCCO
    [InlineData("locco/truncated-mid-row.csv", 10, 0, "expected 5 fields of a LOCCO row, found 3")]
    [InlineData("locco/no-header.csv", 0, 0, "no LOCCO header row")]
    [InlineData("locco/semicolon-delimited.csv", 5, 0, "found 1")]
    [InlineData("locco/locality-not-a-number.csv", 5, 2, "found 'O'")]
    [InlineData("locco/first-state-missing.csv", 5, 3, "expected the state name")]
    // ANES
    [InlineData("anes/truncated-mid-header.csv", 1, 0, "expected 4 fields of a ANES header row, found 3")]
    [InlineData("anes/truncated-mid-row.csv", 5, 4, "Anes CF")]
    [InlineData("anes/excel-thousands-separator.csv", 3, 4, "found '1,027.86'")]
    [InlineData("anes/duplicate-locality.csv", 5, 0, "duplicate row for locality 02102/01; the first is on line 3")]
    [InlineData("anes/excel-leading-zeros-stripped.csv", Loads, 0, "")]
    [InlineData("anes/semicolon-delimited.csv", 0, 0, "no ANES header row")]
    [InlineData("anes/header-only.csv", 0, 0, "no rows under it")]
    // OPPSCAP
    [InlineData("oppscap/truncated-mid-row.csv", 5, 0, "expected 7 fields of a OPPSCAP row, found 5")]
    [InlineData("oppscap/duplicate-key.csv", 5, 0, "duplicate row for HCPCS 0633T modifier 'TC' locality 01112/09; the first is on line 3")]
    [InlineData("oppscap/excel-leading-zeros-stripped.csv", Loads, 0, "")]
    [InlineData("oppscap/excel-scientific-number.csv", 4, 6, "found '1.2572E+02'")]
    [InlineData("oppscap/tab-delimited.csv", 1, 0, "expected the OPPSCAP header")]
    [InlineData("oppscap/missing-column.csv", 1, 0, "expected 7 fields of a OPPSCAP header row, found 6")]
    [InlineData("oppscap/header-only.csv", 0, 0, "a header but no rows")] // fixed: loaded as an empty cap table
    // ZIP5
    [InlineData("zip5/truncated-mid-row.txt", 4, 0, "expected a ZIP5 record of 80 characters, found 30")]
    [InlineData("zip5/bad-plus-four-flag.txt", 2, 21, "found '7'; expected 0 or 1")] // fixed: no line or column in the exception
    [InlineData("zip5/zip-leading-zero-stripped.txt", 2, 3, "expected a five-digit ZIP code")]
    [InlineData("zip5/csv-instead-of-fixed-width.txt", 1, 0, "found 17")]
    [InlineData("zip5/lowercase-state.txt", 2, 1, "found 'ak'")]
    [InlineData("zip5/blank-lines-only.txt", 0, 0, "empty or blank")] // fixed: loaded as an empty ZIP table
    // NCCI PTP
    [InlineData("ncci-ptp/ccipra-v322r0-f1.truncated-mid-header.txt", 0, 0, "no PTP edits under it")] // fixed: loaded as an empty table
    [InlineData("ncci-ptp/ccipra-v322r0-f1.header-only.txt", 0, 0, "no PTP edits under it")] // fixed
    [InlineData("ncci-ptp/ccipra-v322r0-f1.truncated-mid-row.txt", 10, 0, "found 4")]
    [InlineData("ncci-ptp/ccipra-v322r0-f1.excel-dates.txt", 8, 4, "expected a date written yyyymmdd")]
    [InlineData("ncci-ptp/ccipra-v322r0-f1.excel-leading-zeros-stripped.txt", 9, 2, "found '100'; expected a HCPCS code")]
    [InlineData("ncci-ptp/ccipra-v322r0-f1.extra-column.txt", Loads, 0, "")]
    [InlineData("ncci-ptp/ccipra-v322r0-f1.deletion-date-as-text.txt", 7, 5, "found 'never'")]
    // NCCI MUE
    [InlineData("ncci-mue/MCR_MUE_PractitionerServices_Eff_07-01-2026.truncated-mid-notice.csv", 0, 0, "a quoted field that is never closed")]
    [InlineData("ncci-mue/MCR_MUE_PractitionerServices_Eff_07-01-2026.truncated-mid-row.csv", 14, 0, "found 2")]
    [InlineData("ncci-mue/MCR_MUE_PractitionerServices_Eff_07-01-2026.semicolon-delimited.csv", 0, 0, "text after the closing quote")]
    [InlineData("ncci-mue/MCR_MUE_PractitionerServices_Eff_07-01-2026.excel-scientific-number.csv", 12, 2, "found '1.0E+00'; expected a whole number of units")]
    [InlineData("ncci-mue/MCR_MUE_PractitionerServices_Eff_07-01-2026.excel-thousands-separator.csv", 13, 2, "found '1,000'")]
    [InlineData("ncci-mue/MCR_MUE_PractitionerServices_Eff_07-01-2026.negative-units.csv", 11, 2, "found '-1'")]
    [InlineData("ncci-mue/MCR_MUE_PractitionerServices_Eff_07-01-2026.units-overflow.csv", 11, 2, "found '99999999999'")]
    [InlineData("ncci-mue/MCR_MUE_PractitionerServices_Eff_07-01-2026.header-only.csv", 0, 0, "no MUE rows under it")] // fixed
    // NCCI add-on code edits
    [InlineData("ncci-aoc/AOC_V2026Q2-MCR.excel-dates.csv", 6, 6, "found '4/1/2013'; expected a Julian date")]
    [InlineData("ncci-aoc/AOC_V2026Q2-MCR.excel-scientific-julian.csv", 7, 6, "found '2.013091E+06'")]
    [InlineData("ncci-aoc/AOC_V2026Q2-MCR.truncated-mid-row.csv", 8, 0, "found 4")]
    [InlineData("ncci-aoc/AOC_V2026Q2-MCR.semicolon-delimited.csv", 0, 0, "text after the closing quote")]
    [InlineData("ncci-aoc/AOC_V2026Q2-MCR.header-only.csv", 0, 0, "no add-on code edits under it")] // fixed
    [InlineData("ncci-aoc/AOC_V2026Q2-MCR.julian-day-366-in-2025.csv", 6, 6, "found '2025366'")]
    // NCCI compiled snapshots (NcciSnapshot; the PTP and MUE excerpts compiled by medpayiq ncci compile, formats 1 to 3)
    [InlineData("ncci-snapshot/excerpts.valid.ncci", Loads, 0, "")]
    [InlineData("ncci-snapshot/excerpts.truncated-in-header.ncci", 0, 0, "byte 40: is truncated: 40 bytes, the snapshot header alone is 64")]
    [InlineData("ncci-snapshot/excerpts.truncated-in-content.ncci", 0, 0, "is truncated: the header records 5,349 bytes of content, the file has 2,642")]
    [InlineData("ncci-snapshot/excerpts.format-2.valid.ncci", Loads, 0, "")]
    [InlineData("ncci-snapshot/excerpts.format-2.checksum-damaged.ncci", 0, 0, "is corrupt: the content's XXH128 checksum is ")]
    [InlineData("ncci-snapshot/excerpts.format-2.content-changed.ncci", 0, 0, "is corrupt: the content's XXH128 checksum is ")]
    [InlineData("ncci-snapshot/excerpts.format-2.reserved-set.ncci", 0, 0, "has a damaged header (format version 2")]
    [InlineData("ncci-snapshot/excerpts.format-version-4.ncci", 0, 0, "has snapshot format version 4; this MedPayIQ reads version 3 and earlier")]
    [InlineData("ncci-snapshot/excerpts.format-3.valid.ncci", Loads, 0, "")]
    [InlineData("ncci-snapshot/excerpts.format-2-relabelled-3.ncci", 0, 0, "that its probe cannot reach")]
    [InlineData("ncci-snapshot/excerpts.content-changed-checksum-kept.ncci", 0, 0, "is corrupt: the content's SHA-256 is 3c7ff331")]
    [InlineData("ncci-snapshot/excerpts.header-checksum-damaged.ncci", 0, 0, "the header records 18d789d17df6a53f")]
    [InlineData("ncci-snapshot/excerpts.slot-id-out-of-range.ncci", 0, 0, "the PtpPractitioner 32.2r0 table has slot 2 holding ids out of range")]
    [InlineData("ncci-snapshot/excerpts.array-length-past-the-end.ncci", 0, 0, "an array of 2,147,483,647 items of 4 bytes does not fit in the 5,222 bytes left")]
    // CLFS (Clinical Laboratory Fee Schedule CSV and tilde-delimited text)
    [InlineData("clfs/truncated-mid-row.csv", 8, 0, "expected at least 6 fields of a CLFS row, found 4")]
    [InlineData("clfs/excel-dates.csv", 5, 4, "found '1/1/2026'; expected a date written yyyyMMdd")]
    [InlineData("clfs/indicator-unknown.csv", 8, 5, "found 'X'; expected the indicator N (national limit) or L")]
    [InlineData("clfs/excel-thousands-separator.csv", 5, 6, "found '1,234.00'")]
    [InlineData("clfs/duplicate-row.csv", 8, 0, "duplicate row for 80053-QW effective 20260101; the first is on line 6")]
    [InlineData("clfs/no-header.csv", 0, 0, "no CLFS header row")]
    [InlineData("clfs/header-only.csv", 0, 0, "a header but no rows")]
    [InlineData("clfs/tilde-text-named-csv.csv", 0, 0, "no CLFS header row")]
    [InlineData("clfs/two-years.csv", 8, 1, "found '2025'; expected 2026, the year of the file's first row")]
    [InlineData("clfs/excel-trailing-zeros-trimmed.csv", Loads, 0, "")]
    [InlineData("clfs/tilde-text.txt", Loads, 0, "")]
    // DMEPOS fee schedule
    [InlineData("dmepos/truncated-mid-row.csv", 7, 0, "expected 11 fields of a DMEPOS row, found 8")]
    [InlineData("dmepos/rural-column-misnamed.csv", 4, 9, "expected 'AL (R)', the rural column of the state before it")]
    [InlineData("dmepos/excel-thousands-separator.csv", 5, 8, "found '1,234.56'")]
    [InlineData("dmepos/jurisdiction-unknown.csv", 5, 4, "found 'X'; expected the jurisdiction D, L or J")]
    [InlineData("dmepos/header-only.csv", 0, 0, "a header but no rows")]
    [InlineData("dmepos/no-month-anywhere.csv", 0, 0, "the quarter is neither in a title row")]
    [InlineData("dmepos/duplicate-row.csv", 7, 0, "duplicate row for E0601-RR; the first is on line 5")]
    [InlineData("dmepos/excel-trailing-zeros-trimmed.csv", Loads, 0, "")]
    // CLFS, DMEPOS and PEN workbooks (.xlsx): the sheet's row and column, in the workbook's words
    [InlineData("clfs-xlsx/CLFS 2026 Q1V1.rate-as-text-with-comma.xlsx", 7, 6, "sheet 'CLFS 2026 Q1V1', row 7, column F (RATE): found '1,234.00'; expected an amount in dollars")]
    [InlineData("clfs-xlsx/CLFS 2026 Q1V1.rate-error-cell.xlsx", 8, 6, "sheet 'CLFS 2026 Q1V1', row 8, column F (RATE): found '#N/A'")]
    [InlineData("clfs-xlsx/CLFS 2026 Q1V1.date-as-excel-serial.xlsx", 6, 4, "row 6, column D (EFF_DATE): found '46023'; expected a date written yyyyMMdd")]
    [InlineData("clfs-xlsx/CLFS 2026 Q1V1.shared-string-index-out-of-range.xlsx", 0, 0, "cell B7: found shared string index '999'; expected one of the workbook's 13 shared strings")]
    [InlineData("clfs-xlsx/CLFS 2026 Q1V1.cut-short.xlsx", 0, 0, "the file is not a readable Excel workbook (.xlsx)")]
    [InlineData("clfs-xlsx/CLFS 2026 Q1V1.csv-renamed-xlsx.xlsx", 0, 0, "the file is not a readable Excel workbook (.xlsx)")]
    [InlineData("clfs-xlsx/CLFS 2026 Q1V1.doubles-as-excel-stores-them.xlsx", Loads, 0, "")]
    [InlineData("dmepos-xlsx/DMEPOS26_JAN.jurisdiction-unknown.xlsx", 9, 4, "sheet 'DMEPOS26_Jan', row 9, column D (JURIS): found 'X'; expected the jurisdiction D, L or J")]
    [InlineData("dmepos-xlsx/DMEPOS26_JAN.amount-error-cell.xlsx", 8, 10, "row 8, column J (AR (NR)): found '#VALUE!'")]
    [InlineData("dmepos-xlsx/DMEPEN26_JAN.rural-column-misnamed.xlsx", 5, 5, "sheet 'DMEPEN26_JAN', row 5, column E (state amount): found 'AR(R)'; expected 'AL (R)'")]
    [InlineData("dmepos-xlsx/DMEPEN26_JAN.loads.xlsx", Loads, 0, "")]
    // DMEPOS rural and former-CBA ZIP code file
    [InlineData("dmepos-zip/six-digit-zip.csv", 4, 2, "found '123456'")]
    [InlineData("dmepos-zip/two-quarters.csv", 4, 3, "found '202601'; expected 202502")]
    [InlineData("dmepos-zip/duplicate-zip.csv", 4, 0, "duplicate row for ZIP code 01223; the first is on line 2")]
    [InlineData("dmepos-zip/lowercase-state.csv", 2, 1, "found 'ma'")]
    [InlineData("dmepos-zip/no-header.csv", 1, 0, "expected the header STATE,ZIP CODE,YEAR/QTR,LOCATION")]
    [InlineData("dmepos-zip/blank-location.csv", 2, 4, "expected RURAL or the name of a former competitive bidding area")]
    [InlineData("dmepos-zip/leading-zeros-kept.csv", Loads, 0, "")]
    // ASP drug payment limits
    [InlineData("asp/excel-scientific-number.csv", 9, 4, "found '5.2E+01'")]
    [InlineData("asp/coinsurance-over-100.csv", 9, 5, "expected a percentage from 0 to 100")]
    [InlineData("asp/no-effective-line.csv", 0, 0, "line gives the quarter")]
    [InlineData("asp/truncated-mid-row.csv", 9, 0, "expected at least 5 fields of an ASP row, found 3")]
    [InlineData("asp/duplicate-code.csv", 9, 0, "duplicate row for J0121; the first is on line 6")]
    [InlineData("asp/note-quote-never-closed.csv", 9, 0, "the CSV is malformed")]
    [InlineData("asp/notes-over-two-lines.csv", Loads, 0, "")]
    public void A_corpus_file_gives_its_exception_or_loads(string path, long line, int column, string expected)
    {
        string folder = path[..path.IndexOf('/', StringComparison.Ordinal)], name = path[(folder.Length + 1)..];
        var error = Inputs.Run(folder, name, File.ReadAllBytes(Inputs.Corpus(path)));
        if (line == Loads)
        {
            Assert.Null(error);
            return;
        }

        Assert.NotNull(error);
        var (file, at, col, message) = error switch
        {
            FeeScheduleFormatException f => (f.FileName, f.LineNumber, f.Column, f.Message),
            NcciFormatException n => (n.FileName, n.LineNumber, n.Column, n.Message),
            _ => throw new InvalidOperationException(),
        };
        Assert.False(string.IsNullOrEmpty(file));
        Assert.Equal((line, column), (at, col));
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_corpus_file_has_a_case_and_a_line_in_the_README()
    {
        var cases = typeof(CorpusTests).GetMethod(nameof(A_corpus_file_gives_its_exception_or_loads))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>().Select(a => (string)a.Data[0]!).ToHashSet(StringComparer.Ordinal);
        var root = Inputs.Corpus("");
        string readme = File.ReadAllText(Inputs.Corpus("README.md"));
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => f != "README.md" && !f.StartsWith("claims/", StringComparison.Ordinal)).ToList();
        Assert.True(files.Count >= 60, $"{files.Count} corpus files");
        Assert.All(files, f => Assert.Contains(f, cases));
        Assert.All(files, f => Assert.Contains(Path.GetFileName(f), readme, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pprrvu-csv/cut-inside-the-last-value.csv", FeeScheduleFileKind.RvuCsv, "PPRRVU2025_Oct.csv")]
    [InlineData("gpci/cut-inside-the-last-value.csv", FeeScheduleFileKind.Gpci, "GPCI2025.csv")]
    public void A_file_cut_inside_its_last_value_loads_with_a_note_to_check_it(string path, FeeScheduleFileKind kind, string name)
    {
        // Its last value still parses (0.00 cut to 0.0, a GPCI of 0.56 to 0.5): nothing in the bytes says it is wrong,
        // but every CMS file ends with a line break, so the release says the file may be cut.
        var release = Inputs.LoadFeeSchedule(kind, name, File.ReadAllBytes(Inputs.Corpus(path)));
        Assert.Contains(release.Provenance.Notes, n => n.StartsWith($"{name} does not end with a line break", StringComparison.Ordinal));
        var whole = Inputs.LoadFeeSchedule(kind, name, [.. File.ReadAllBytes(Inputs.Corpus(path)), (byte)'\r', (byte)'\n']);
        Assert.DoesNotContain(whole.Provenance.Notes, n => n.Contains("line break", StringComparison.Ordinal));
    }

    [Fact]
    public void Excel_s_stripped_zeros_are_restored_not_guessed()
    {
        var rvu = Inputs.LoadFeeSchedule(FeeScheduleFileKind.RvuCsv, "PPRRVU2025_Oct.csv", File.ReadAllBytes(Inputs.Corpus("pprrvu-csv/excel-leading-zeros-stripped.csv")));
        Assert.True(rvu.Rvus.TryGet(HcpcsCode.Parse("00100"), Modifier.None, out _));
        var gpci = Inputs.LoadFeeSchedule(FeeScheduleFileKind.Gpci, "GPCI2025.csv", File.ReadAllBytes(Inputs.Corpus("gpci/excel-leading-zeros-stripped.csv")));
        Assert.True(gpci.Localities.TryGet(LocalityKey.Parse("02102/01"), out var alaska));
        Assert.Equal(1.5m, alaska!.WorkGpci);
    }
}
