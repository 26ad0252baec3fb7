namespace MedPayIQ.Pricing;

/// <summary>
/// Loads a quarterly Clinical Laboratory Fee Schedule file as CMS publishes it: the CSV (<c>PUF_CLFS_CY2026_Q2V1.csv</c>,
/// <c>CLFS 2025 Q2V1.csv</c>), the tilde-delimited text (<c>PUF_CLFS_CY2026_Q2V1.txt</c>) or CMS's zip holding them
/// (<c>clfs-cy2026-q2v1.zip</c>; its CSV is read, else its text). Title and notice lines before the header
/// <c>YEAR,HCPCS,MOD,EFF_DATE,INDICATOR,RATE,...</c> are skipped; descriptors are not kept. The quarter is read from
/// the file's name (Q1 to Q4), else from <see cref="FeeScheduleLoadOptions.EffectiveFrom"/>, else from the latest
/// EFF_DATE. A malformed file raises <see cref="FeeScheduleFormatException"/> naming the line, column and value.
/// </summary>
public static class ClinicalLabLoader
{
    /// <summary>Loads a CLFS file or CMS's CLFS zip from disk.</summary>
    /// <param name="path">The .csv, .txt or .zip.</param>
    /// <param name="options">Options, or <c>null</c> for the defaults.</param>
    public static ClinicalLabFeeSchedule Load(string path, FeeScheduleLoadOptions? options) => Format.Load(path, options);

    /// <summary>Loads a CLFS file or zip from a stream.</summary>
    /// <param name="stream">The bytes.</param>
    /// <param name="name">The file's name (it tells a zip from a file, and the text file's tildes from commas).</param>
    /// <param name="options">Options, or <c>null</c> for the defaults.</param>
    public static ClinicalLabFeeSchedule Load(Stream stream, string name, FeeScheduleLoadOptions? options) => Format.Load(stream, name, options);

    private static readonly ScheduleFileFormat<ClinicalLabFeeSchedule> Format = new("CLFS", static names => PartBFiles.PickByKind(names, static _ => true), Parse);

    internal static ClinicalLabFeeSchedule Parse(PartBInput input, FeeScheduleLoadOptions options) => PartBFiles.Guard(input, () =>
    {
        var (file, content, origin) = (input.File, input.Content, input.Origin);
        bool values = options.IncludeValuesInExceptions;
        char separator = file.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) ? '~' : ',';
        using var r = PartBFiles.Open(content, separator, values);
        int cYear = -1, cCode = -1, cMod = -1, cDate = -1, cInd = -1, cRate = -1, fields = 0;
        bool any = false;
        var rows = new List<ClinicalLabRate>(2400);
        var seen = new Dictionary<(int, int, DateOnly), long>();
        int year = 0;
        DateOnly latest = default;
        while (r.Read())
        {
            any = true;
            long line = r.LineNumber;
            if (cYear < 0)
            {
                if (PartBFiles.Column(r, "YEAR"u8) == 0 && PartBFiles.Column(r, "HCPCS"u8) >= 0)
                {
                    (cYear, cCode, cMod, cDate, cInd, cRate) = (0, PartBFiles.Column(r, "HCPCS"u8), PartBFiles.Column(r, "MOD"u8), PartBFiles.Column(r, "EFF_DATE"u8),
                        PartBFiles.Column(r, "INDICATOR"u8), PartBFiles.Column(r, "RATE"u8));
                    if (cMod < 0 || cDate < 0 || cInd < 0 || cRate < 0)
                    {
                        FeeScheduleThrow.Line(file, line, r.Current.RawRecord, values, "expected the CLFS header YEAR,HCPCS,MOD,EFF_DATE,INDICATOR,RATE");
                    }

                    fields = Math.Max(Math.Max(cCode, cMod), Math.Max(Math.Max(cDate, cInd), cRate)) + 1;
                }

                continue;
            }

            if (CmsCsv.IsBlank(r))
            {
                continue;
            }

            if (r.FieldCount < fields)
            {
                FeeScheduleThrow.Line(file, line, r.Current.RawRecord, values, $"expected at least {fields} fields of a CLFS row, found {r.FieldCount}");
            }

            var yearText = CmsFields.Trim(r.GetSpan(cYear));
            int rowYear = 0;
            if (yearText.Length != 4 || !CmsFields.TryDigits(yearText, 4, out rowYear) || rowYear < 1900)
            {
                FeeScheduleThrow.Field(new FieldContext(file, line, cYear + 1, "YEAR", values), yearText, "expected a four-digit year");
            }

            if (year == 0)
            {
                year = rowYear;
            }
            else if (rowYear != year)
            {
                FeeScheduleThrow.Field(new FieldContext(file, line, cYear + 1, "YEAR", values), yearText, $"expected {year}, the year of the file's first row");
            }

            var code = CmsFields.Hcpcs(r.GetSpan(cCode), new FieldContext(file, line, cCode + 1, "HCPCS", values));
            var modifier = CmsFields.Modifier(r.GetSpan(cMod), new FieldContext(file, line, cMod + 1, "MOD", values));
            var date = PartBFiles.Date(r.GetSpan(cDate), new FieldContext(file, line, cDate + 1, "EFF_DATE", values));
            if (date.Year != year)
            {
                FeeScheduleThrow.Field(new FieldContext(file, line, cDate + 1, "EFF_DATE", values), r.GetSpan(cDate), $"expected a date in {year}, the file's year");
            }

            var indicator = CmsFields.Trim(r.GetSpan(cInd)) switch
            {
                [(byte)'N'] => ClinicalLabIndicator.NationalLimit,
                [(byte)'L'] => ClinicalLabIndicator.ContractorPriced,
                var other => Bad(new FieldContext(file, line, cInd + 1, "INDICATOR", values), other),
            };
            var rate = PartBFiles.Dollars(r.GetSpan(cRate), new FieldContext(file, line, cRate + 1, "RATE", values));
            if (!seen.TryAdd((code.PackedValue, modifier.PackedValue, date), line))
            {
                FeeScheduleThrow.Duplicate(file, line, $"{code}{(modifier.IsSome ? "-" + modifier : "")} effective {date:yyyyMMdd}", seen[(code.PackedValue, modifier.PackedValue, date)]);
            }

            latest = date > latest ? date : latest;
            rows.Add(new ClinicalLabRate(code, modifier, date, indicator, rate));
        }

        if (!any)
        {
            FeeScheduleThrow.File(file, "the file is empty; expected CMS's Clinical Laboratory Fee Schedule");
        }

        if (cYear < 0)
        {
            FeeScheduleThrow.File(file, "no CLFS header row (YEAR,HCPCS,MOD,EFF_DATE,INDICATOR,RATE) was found");
        }

        if (rows.Count == 0)
        {
            FeeScheduleThrow.File(file, "the CLFS file has a header but no rows");
        }

        int quarter = PartBFiles.QuarterInName(file);
        string how = "the file's name";
        if (options.EffectiveFrom is { } from)
        {
            if (from.Year != year)
            {
                FeeScheduleThrow.File(file, $"FeeScheduleLoadOptions.EffectiveFrom {from:yyyy-MM-dd} is not in {year}, the file's year");
            }

            quarter = ((from.Month - 1) / 3) + 1;
            how = "FeeScheduleLoadOptions.EffectiveFrom";
        }
        else if (quarter == 0)
        {
            quarter = ((latest.Month - 1) / 3) + 1;
            how = "its latest EFF_DATE";
        }

        var provenance = new ReleaseProvenance(origin, null, null, [PartBFiles.Source(FeeScheduleFileKind.ClinicalLab, input)],
            PartBFiles.Notes(options, [$"CLFS {year} Q{quarter}: quarter read from {how}.", .. PartBFiles.WorkbookNotes(input)]));
        return new ClinicalLabFeeSchedule(year, quarter, [.. rows], provenance);
    });

    private static ClinicalLabIndicator Bad(in FieldContext at, ReadOnlySpan<byte> value)
    {
        FeeScheduleThrow.Field(at, value, "expected the indicator N (national limit) or L (local, contractor priced)");
        return default;
    }
}
