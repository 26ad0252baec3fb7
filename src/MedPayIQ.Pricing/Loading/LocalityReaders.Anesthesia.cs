using CsvHelper;

namespace MedPayIQ.Pricing;

/// <summary>The ANES file's reader: one CF per locality before 2026, a qualifying and a non-qualifying APM participant CF from 2026.</summary>
internal static partial class LocalityReaders
{
    /// <summary>
    /// ANES20xx.csv: a header naming the national CF, then padded rows. From 2026 the header names two national CFs,
    /// "Qualifying APM National Anes CF ... of 20.599835" and "Non-Qualifying APM National Anes CF ... of 20.49754", and
    /// each row carries two CFs in the same order; the columns are told apart by their headers.
    /// </summary>
    public static AnesthesiaConversionFactorTable ReadAnesthesia(string file, ReadOnlyMemory<byte> content, bool includeValues) => Guard(file, () =>
    {
        using var r = CmsCsv.Open(content, includeValues);
        decimal? national = null, nationalQualifying = null;
        int cfField = 3, qpField = -1, fields = 4;
        bool any = false;
        var rows = new List<AnesthesiaConversionFactor>(120);
        var seen = new Dictionary<int, long>();
        while (r.Read())
        {
            any = true;
            long line = r.LineNumber;
            var first = CmsFields.Trim(r.GetSpan(0));
            if (national is null)
            {
                if (first.SequenceEqual("Contractor"u8))
                {
                    RequireFields(r, 4, file, "ANES header", includeValues);
                    for (int i = 3; i < r.FieldCount; i++)
                    {
                        var h = CmsFields.Trim(r.GetSpan(i));
                        if (h.IsEmpty)
                        {
                            continue;
                        }

                        int of = h.LastIndexOf(" of "u8);
                        decimal headerCf = 0m;
                        if (of < 0 || !TryNational(CmsFields.Trim(h[(of + 4)..]), out headerCf))
                        {
                            FeeScheduleThrow.Field(new FieldContext(file, line, i + 1, "header", includeValues), h, "expected 'National Anes CF of NN.NNNN' (from 2026, 'Qualifying APM National Anes CF ... of' and 'Non-Qualifying APM National Anes CF ... of')");
                        }

                        var text = Text(h).ToUpperInvariant();
                        bool qualifying = text.Contains("QUALIFYING", StringComparison.Ordinal) && !text.Contains("NON-QUALIFYING", StringComparison.Ordinal) && !text.Contains("NON QUALIFYING", StringComparison.Ordinal);
                        if (qualifying && nationalQualifying is null)
                        {
                            (nationalQualifying, qpField) = (headerCf, i);
                        }
                        else if (!qualifying && national is null)
                        {
                            (national, cfField) = (headerCf, i);
                        }
                        else
                        {
                            FeeScheduleThrow.Field(new FieldContext(file, line, i + 1, "header", includeValues), h, $"expected one {(qualifying ? "qualifying" : "non-qualifying")} APM national anesthesia CF; the header names two");
                        }
                    }

                    if (national is null)
                    {
                        FeeScheduleThrow.Line(file, line, r.Current.RawRecord, includeValues, "expected the header to name the (non-qualifying APM) National Anes CF");
                    }

                    fields = Math.Max(cfField, qpField) + 1;
                }

                continue;
            }

            if (CmsCsv.IsBlank(r))
            {
                continue;
            }

            RequireFields(r, fields, file, "ANES", includeValues);
            var key = Key(r, 0, 1, file, line, includeValues);
            Duplicate(seen, key, file, line);
            var name = CmsFields.Trim(r.GetSpan(2)).TrimEnd((byte)'*');
            int cf = CmsFields.Scaled(r.GetSpan(cfField), 4, new FieldContext(file, line, cfField + 1, qpField < 0 ? "Anes CF" : "Non-Qualifying APM Anes CF", includeValues));
            decimal? qp = qpField < 0 ? null : Fixed.TenThousandths(CmsFields.Scaled(r.GetSpan(qpField), 4, new FieldContext(file, line, qpField + 1, "Qualifying APM Anes CF", includeValues)));
            rows.Add(new AnesthesiaConversionFactor(key, Text(name), Fixed.TenThousandths(cf)) { QualifyingConversionFactor = qp });
        }

        if (!any)
        {
            FeeScheduleThrow.File(file, "the file is empty; expected the CMS ANES CSV");
        }

        if (national is null || rows.Count == 0)
        {
            FeeScheduleThrow.File(file, "no ANES header row (Contractor,Locality,Locality Name,National Anes CF of ...) or no rows under it");
        }

        return new AnesthesiaConversionFactorTable([.. rows], national, nationalQualifying);
    });

    /// <summary>A national anesthesia CF as the header prints it: up to six decimals (20.3178, 20.599835).</summary>
    private static bool TryNational(ReadOnlySpan<byte> s, out decimal value)
    {
        value = 0m;
        if (!CmsFields.TryScaled(s, 6, out int millionths))
        {
            return false;
        }

        byte scale = 6;
        while (scale > 4 && millionths % 10 == 0)
        {
            millionths /= 10;
            scale--;
        }

        value = new decimal(millionths, 0, 0, false, scale);
        return true;
    }
}
