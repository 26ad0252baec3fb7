using System.Collections.Frozen;
using System.Text;

namespace MedPayIQ.Pricing;

// The DMEPOS rural and former competitive bidding area ZIP code file (STATE,ZIP CODE,YEAR/QTR,LOCATION).
public static partial class DmeposLoader
{
    internal static DmeposZipFile ParseZipCodes(PartBInput input, FeeScheduleLoadOptions options) => PartBFiles.Guard(input, () =>
    {
        var (file, content, origin) = (input.File, input.Content, input.Origin);
        bool values = options.IncludeValuesInExceptions;
        using var r = PartBFiles.Open(content, ',', values);
        bool any = false, header = false;
        int yearQuarter = 0;
        var zips = new Dictionary<int, DmeposZipArea>(33000);
        var lines = new Dictionary<int, long>(33000);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        while (r.Read())
        {
            any = true;
            long line = r.LineNumber;
            if (!header)
            {
                if (PartBFiles.Column(r, "STATE"u8) == 0 && PartBFiles.Column(r, "YEAR/QTR"u8) == 2 && PartBFiles.Column(r, "LOCATION"u8) == 3)
                {
                    header = true;
                    continue;
                }

                FeeScheduleThrow.Line(file, line, r.Current.RawRecord, values, "expected the header STATE,ZIP CODE,YEAR/QTR,LOCATION");
            }

            if (CmsCsv.IsBlank(r))
            {
                continue;
            }

            if (r.FieldCount < 4)
            {
                FeeScheduleThrow.Line(file, line, r.Current.RawRecord, values, $"expected 4 fields (STATE,ZIP CODE,YEAR/QTR,LOCATION), found {r.FieldCount}");
            }

            var state = CmsFields.Trim(r.GetSpan(0));
            if (state.Length != 2 || !char.IsAsciiLetterUpper((char)state[0]) || !char.IsAsciiLetterUpper((char)state[1]))
            {
                FeeScheduleThrow.Field(new FieldContext(file, line, 1, "STATE", values), state, "expected a two-letter state code");
            }

            var zipText = CmsFields.Trim(r.GetSpan(1));
            if (!CmsFields.TryDigits(zipText, 5, out int zip) || zipText.IsEmpty)
            {
                FeeScheduleThrow.Field(new FieldContext(file, line, 2, "ZIP CODE", values), zipText, "expected a ZIP code of up to five digits (CMS drops leading zeros)");
            }

            var yq = CmsFields.Trim(r.GetSpan(2));
            int thisYq = 0;
            if (yq.Length != 6 || !CmsFields.TryDigits(yq, 6, out thisYq) || thisYq % 100 is < 1 or > 4)
            {
                FeeScheduleThrow.Field(new FieldContext(file, line, 3, "YEAR/QTR", values), yq, "expected a year and quarter written yyyyqq (202502)");
            }

            if (yearQuarter == 0)
            {
                yearQuarter = thisYq;
            }
            else if (thisYq != yearQuarter)
            {
                FeeScheduleThrow.Field(new FieldContext(file, line, 3, "YEAR/QTR", values), yq, $"expected {yearQuarter}, the quarter of the file's first row");
            }

            var location = CmsFields.Trim(r.GetSpan(3));
            if (location.IsEmpty)
            {
                FeeScheduleThrow.Field(new FieldContext(file, line, 4, "LOCATION", values), location, "expected RURAL or the name of a former competitive bidding area");
            }

            bool rural = location.SequenceEqual("RURAL"u8);
            string? area = null;
            if (!rural)
            {
                var text = Encoding.UTF8.GetString(location);
                area = names.TryGetValue(text, out var known) ? known : names[text] = text;
            }

            if (!lines.TryAdd(zip, line))
            {
                FeeScheduleThrow.Duplicate(file, line, $"ZIP code {zip:D5}", lines[zip]);
            }

            zips[zip] = new DmeposZipArea(zip, Encoding.ASCII.GetString(state), rural, area);
        }

        if (!any)
        {
            FeeScheduleThrow.File(file, "the file is empty; expected CMS's DMEPOS rural ZIP code file");
        }

        if (zips.Count == 0)
        {
            FeeScheduleThrow.File(file, "the DMEPOS ZIP code file has a header but no rows");
        }

        var provenance = new ReleaseProvenance(origin, null, null, [PartBFiles.Source(FeeScheduleFileKind.DmeposZip, input)], PartBFiles.Notes(options));
        return new DmeposZipFile(yearQuarter / 100, yearQuarter % 100, zips.ToFrozenDictionary(), provenance);
    });
}
