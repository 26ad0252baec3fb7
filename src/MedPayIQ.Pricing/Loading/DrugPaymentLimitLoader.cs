using System.Text;

namespace MedPayIQ.Pricing;

/// <summary>
/// Loads the Medicare Part B drug payment limit (ASP pricing) CSV: preamble lines (the title, "Effective July 1, 2026
/// through September 30, 2026", notes), then <c>HCPCS Code,Short Description,HCPCS Code Dosage,Payment Limit,Co-insurance
/// Percentage,Vaccine AWP%,Vaccine Limit,Blood AWP%,Blood limit,Clotting Factor,Notes</c>. The quarter is read from the
/// "Effective" line, else from <see cref="FeeScheduleLoadOptions.EffectiveFrom"/>. Short descriptions are not kept. A
/// malformed file raises <see cref="FeeScheduleFormatException"/> naming the line, column and value.
/// </summary>
public static class DrugPaymentLimitLoader
{
    private static readonly string[] MonthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly ScheduleFileFormat<DrugPaymentLimits> Format = new("ASP", static names => names.FirstOrDefault(n => n.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)), Parse);

    /// <summary>Loads an ASP pricing file (or a zip holding it) from disk.</summary>
    /// <param name="path">The .csv or .zip.</param>
    /// <param name="options">Options, or <c>null</c> for the defaults.</param>
    public static DrugPaymentLimits Load(string path, FeeScheduleLoadOptions? options) => Format.Load(path, options);

    /// <summary>Loads an ASP pricing file (or zip) from a stream.</summary>
    /// <param name="stream">The bytes.</param>
    /// <param name="name">The file's name.</param>
    /// <param name="options">Options, or <c>null</c> for the defaults.</param>
    public static DrugPaymentLimits Load(Stream stream, string name, FeeScheduleLoadOptions? options) => Format.Load(stream, name, options);

    internal static DrugPaymentLimits Parse(PartBInput input, FeeScheduleLoadOptions options) => PartBFiles.Guard(input, () =>
    {
        var (file, content, origin) = (input.File, input.Content, input.Origin);
        bool values = options.IncludeValuesInExceptions;
        using var r = PartBFiles.Open(content, ',', values, lineBreaksInQuotes: true); // notes span lines
        bool any = false, header = false;
        int year = 0, quarter = 0, cDose = -1, cLimit = -1, cCoins = -1, cVaccine = -1, cBlood = -1, cNotes = -1;
        var limits = new Dictionary<int, DrugPaymentLimit>(1000);
        var lines = new Dictionary<int, long>(1000);
        var dosages = new Dictionary<string, string>(StringComparer.Ordinal);
        while (r.Read())
        {
            any = true;
            long line = r.LineNumber;
            if (!header)
            {
                if (Effective(CmsFields.Trim(r.GetSpan(0))) is { } effective)
                {
                    (year, quarter) = effective;
                }

                if (PartBFiles.Column(r, "HCPCS Code"u8) == 0)
                {
                    header = true;
                    (cDose, cLimit, cCoins, cVaccine, cBlood, cNotes) = (PartBFiles.Column(r, "HCPCS Code Dosage"u8), PartBFiles.Column(r, "Payment Limit"u8),
                        PartBFiles.Column(r, "Co-insurance Percentage"u8), PartBFiles.Column(r, "Vaccine Limit"u8), PartBFiles.Column(r, "Blood limit"u8), PartBFiles.Column(r, "Notes"u8));
                    if (cDose < 0 || cLimit < 0 || cCoins < 0)
                    {
                        FeeScheduleThrow.Line(file, line, r.Current.RawRecord, values, "expected the ASP header HCPCS Code,Short Description,HCPCS Code Dosage,Payment Limit,Co-insurance Percentage,...");
                    }
                }

                continue;
            }

            if (CmsCsv.IsBlank(r))
            {
                continue;
            }

            int needed = Math.Max(cDose, Math.Max(cLimit, cCoins)) + 1;
            if (r.FieldCount < needed)
            {
                FeeScheduleThrow.Line(file, line, r.Current.RawRecord, values, $"expected at least {needed} fields of an ASP row, found {r.FieldCount}");
            }

            var code = CmsFields.Hcpcs(r.GetSpan(0), new FieldContext(file, line, 1, "HCPCS Code", values));
            var limitText = CmsFields.Trim(r.GetSpan(cLimit));
            decimal? limit = limitText.SequenceEqual("N/A"u8) ? null : Amount(limitText, new FieldContext(file, line, cLimit + 1, "Payment Limit", values));
            var coinsurance = Amount(r.GetSpan(cCoins), new FieldContext(file, line, cCoins + 1, "Co-insurance Percentage", values));
            if (coinsurance > 100m)
            {
                FeeScheduleThrow.Field(new FieldContext(file, line, cCoins + 1, "Co-insurance Percentage", values), r.GetSpan(cCoins), "expected a percentage from 0 to 100");
            }

            decimal? vaccine = Optional(r, cVaccine, new FieldContext(file, line, cVaccine + 1, "Vaccine Limit", values));
            decimal? blood = Optional(r, cBlood, new FieldContext(file, line, cBlood + 1, "Blood limit", values));
            var dose = Encoding.UTF8.GetString(CmsFields.Trim(r.GetSpan(cDose)));
            dose = dosages.TryGetValue(dose, out var known) ? known : dosages[dose] = dose;
            string notes = cNotes >= 0 && cNotes < r.FieldCount ? Encoding.UTF8.GetString(CmsFields.Trim(r.GetSpan(cNotes))) : string.Empty;
            if (!lines.TryAdd(code.PackedValue, line))
            {
                FeeScheduleThrow.Duplicate(file, line, code.ToString(), lines[code.PackedValue]);
            }

            limits[code.PackedValue] = new DrugPaymentLimit(code, dose, limit, coinsurance, vaccine, blood, notes);
        }

        if (!any)
        {
            FeeScheduleThrow.File(file, "the file is empty; expected CMS's ASP pricing file");
        }

        if (!header)
        {
            FeeScheduleThrow.File(file, "no ASP header row (HCPCS Code,Short Description,HCPCS Code Dosage,Payment Limit,...) was found");
        }

        if (limits.Count == 0)
        {
            FeeScheduleThrow.File(file, "the ASP file has a header but no rows");
        }

        string how = "its \"Effective\" line";
        if (options.EffectiveFrom is { } from)
        {
            (year, quarter, how) = (from.Year, ((from.Month - 1) / 3) + 1, "FeeScheduleLoadOptions.EffectiveFrom");
        }
        else if (year == 0)
        {
            return FeeScheduleThrow.File<DrugPaymentLimits>(file, $"no \"Effective <month> <day>, <year> through ...\" line gives the quarter; set FeeScheduleLoadOptions.EffectiveFrom");
        }

        var provenance = new ReleaseProvenance(origin, null, null, [PartBFiles.Source(FeeScheduleFileKind.PartBDrugs, input)],
            PartBFiles.Notes(options, $"ASP {year} Q{quarter}: quarter read from {how}."));
        return new DrugPaymentLimits(year, quarter, [.. limits.Values.OrderBy(l => l.Hcpcs)], provenance);
    });

    private static decimal Amount(ReadOnlySpan<byte> s, in FieldContext at)
    {
        if (!CmsFields.TryScaled(CmsFields.Trim(s), 3, out int thousandths))
        {
            FeeScheduleThrow.Field(at, s, "expected an amount with at most three decimals");
        }

        return new decimal(thousandths, 0, 0, false, 3);
    }

    private static decimal? Optional(CsvHelper.CsvReader r, int column, in FieldContext at)
        => column < 0 || column >= r.FieldCount || CmsFields.Trim(r.GetSpan(column)).IsEmpty ? null : Amount(r.GetSpan(column), at);

    /// <summary>"Effective July 1, 2026 through September 30, 2026".</summary>
    private static (int Year, int Quarter)? Effective(ReadOnlySpan<byte> s)
    {
        if (!s.StartsWith("Effective "u8))
        {
            return null;
        }

        var parts = Encoding.ASCII.GetString(s).Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        int month = parts.Length >= 4 ? Array.IndexOf(MonthNames, parts[1]) : -1;
        return month >= 0 && int.TryParse(parts[3], System.Globalization.CultureInfo.InvariantCulture, out int year) && year is > 1990 and < 3000 ? (year, (month / 3) + 1) : null;
    }
}
