using System.Collections.Immutable;
using System.Globalization;
using MedPayIQ.Pricing;

namespace MedPayIQ.X12;

/// <summary>The claim loop (2300) and its service lines (2400): what becomes a <see cref="Claim"/> and its lines.</summary>
public sealed partial class ProfessionalClaimReader
{
    private void Clm(in Segment s)
    {
        if (!FinishClaim("CLM", s.Text))
        {
            return;
        }

        if (_hlLevel is not (22 or 23))
        {
            Fail("CLM", "", s.Text, "HL*22 (subscriber) or HL*23 (patient) before CLM");
            return;
        }

        if (_pending.Count >= _options.MaxClaimsPerTransaction)
        {
            Fail("CLM", "", s.Text, $"at most {_options.MaxClaimsPerTransaction:N0} claims in a transaction set");
            return;
        }

        var id = s[1];
        if (id.IsEmpty || id.Length > 38)
        {
            Fail("CLM", "CLM01", id, "the patient control number, 1 to 38 characters");
            return;
        }

        if (!Amount(s[2], out decimal charge))
        {
            Fail("CLM", "CLM02", s[2], "the total claim charge, a dollar amount such as 125.5");
            return;
        }

        var facility = s[5];
        Span<Range> parts = stackalloc Range[4];
        int n = facility.Split(parts, Delimiters.Component);
        var pos = facility[parts[0]];
        var frequency = n >= 3 ? facility[parts[2]] : [];
        if (!Pos(pos, out var place))
        {
            Fail("CLM", "CLM05-1", pos, "a place of service of two digits, 01 to 99");
            return;
        }

        var assignment = s[7];
        if (!(assignment.SequenceEqual("A") || assignment.SequenceEqual("B") || assignment.SequenceEqual("C")))
        {
            Fail("CLM", "CLM07", assignment, "A (assigned), B (lab services only) or C (not assigned)");
            return;
        }

        _claim = new ClaimBuilder
        {
            Id = id.ToString(),
            Charge = charge,
            Pos = place,
            Frequency = frequency.IsEmpty ? "1" : frequency.ToString(),
            Assignment = assignment.ToString(),
        };
        _entity = Entity.ClaimLevel;
        _rendering = null;
        _facility = null;
    }

    private void Dtp(in Segment s)
    {
        var qualifier = s[1];
        if (_line is not null)
        {
            if (!qualifier.SequenceEqual("472"))
            {
                return;
            }

            var format = s[2];
            var value = s[3];
            if (format.SequenceEqual("D8") && Date(value, out var day))
            {
                _line.From = _line.Through = day;
            }
            else if (format.SequenceEqual("RD8") && value.Length == 17 && value[8] == '-' && Date(value[..8], out var from) && Date(value[9..], out var through) && from <= through)
            {
                _line.From = from;
                _line.Through = through;
            }
            else
            {
                Fail("DTP", "DTP03", value, "a date of service CCYYMMDD (DTP02 D8) or a range CCYYMMDD-CCYYMMDD (DTP02 RD8), the first not after the last");
            }

            return;
        }

        if (_claim is null || !(qualifier.SequenceEqual("090") || qualifier.SequenceEqual("091")))
        {
            return;
        }

        if (!s[2].SequenceEqual("D8") || !Date(s[3], out var date))
        {
            Fail("DTP", "DTP03", s[3], $"a date written CCYYMMDD (DTP*{qualifier}*D8)");
            return;
        }

        if (qualifier[2] == '0')
        {
            _claim.Assumed = date;
        }
        else
        {
            _claim.Relinquished = date;
        }
    }

    private void Hi(in Segment s)
    {
        if (_claim is null)
        {
            Fail("HI", "", s.Text, "CLM before HI");
            return;
        }

        for (int i = 1; i <= 12; i++)
        {
            var composite = s[i];
            if (composite.IsEmpty)
            {
                break;
            }

            int c = composite.IndexOf(Delimiters.Component);
            var qualifier = c < 0 ? composite : composite[..c];
            if (!(qualifier.SequenceEqual("ABK") || qualifier.SequenceEqual("ABF") || qualifier.SequenceEqual("BK") || qualifier.SequenceEqual("BF")) || c < 0 || c == composite.Length - 1)
            {
                Fail("HI", string.Create(CultureInfo.InvariantCulture, $"HI{i:D2}"), composite, "a diagnosis: ABK (principal) or ABF (other), the component separator, the ICD-10-CM code");
                return;
            }

            var rest = composite[(c + 1)..];
            int end = rest.IndexOf(Delimiters.Component);
            _claim.Diagnoses.Add((end < 0 ? rest : rest[..end]).ToString());
        }
    }

    private void Lx(in Segment s)
    {
        if (!FinishLine("LX", s.Text))
        {
            return;
        }

        if (_claim is null)
        {
            Fail("LX", "", s.Text, "CLM before LX (a service line belongs to a claim)");
            return;
        }

        if (!Number(s[1], out int number) || number < 1)
        {
            Fail("LX", "LX01", s[1], "the line number, 1 or more");
            return;
        }

        _line = new LineBuilder { Number = number };
        _entity = Entity.Line;
    }

    private void Sv1(in Segment s)
    {
        if (_line is null || _line.HasService)
        {
            Fail("SV1", "", s.Text, "LX before SV1 (one SV1 per service line)");
            return;
        }

        var service = s[1];
        char c = Delimiters.Component;
        if (!X12Procedure.TryParse(service, c, "SV101", out var code, out var modifiers, out var problem))
        {
            Fail("SV1", problem.Element, problem.Found, problem.Expected);
            return;
        }

        if (!Amount(s[2], out decimal charge))
        {
            Fail("SV1", "SV102", s[2], "the line charge, a dollar amount such as 125.5");
            return;
        }

        var basis = s[3];
        bool minutes = basis.SequenceEqual("MJ");
        if (!minutes && !basis.SequenceEqual("UN"))
        {
            Fail("SV1", "SV103", basis, "UN (units) or MJ (anesthesia minutes)");
            return;
        }

        if (!decimal.TryParse(s[4], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal q) || q < 1m || q != decimal.Truncate(q) || q > 99_999m)
        {
            Fail("SV1", "SV104", s[4], minutes ? "the anesthesia minutes, a whole number from 1 to 99999" : "the units of service, a whole number from 1 to 99999");
            return;
        }

        int quantity = (int)q;
        PlaceOfService? pos = null;
        if (!s[5].IsEmpty)
        {
            if (!Pos(s[5], out var p))
            {
                Fail("SV1", "SV105", s[5], "a place of service of two digits, 01 to 99");
                return;
            }

            pos = p;
        }

        var pointerText = s[7];
        Span<int> pointers = stackalloc int[4];
        int count = 0;
        if (!pointerText.IsEmpty)
        {
            foreach (var range in pointerText.Split(c))
            {
                if (!Number(pointerText[range], out int pointer) || pointer is < 1 or > 12 || count == 4)
                {
                    Fail("SV1", "SV107", pointerText, "up to four diagnosis pointers, each 1 to 12");
                    return;
                }

                pointers[count++] = pointer;
            }
        }

        _line.HasService = true;
        _line.Basis = basis.ToString();
        _line.Quantity = quantity;
        _line.Pointers = count == 0 ? [] : ImmutableArray.Create(pointers[..count]);
        _line.Line = new ClaimLine(default, code, modifiers)
        {
            Units = minutes ? 1 : quantity,
            AnesthesiaMinutes = minutes ? quantity : 0,
            AnesthesiaBaseUnits = minutes && _options.AnesthesiaBaseUnits is { } table && table.TryGetValue(code, out int baseUnits) ? baseUnits : null,
            BilledCharge = charge,
            PlaceOfService = pos,
        };
    }

    /// <summary>Ends the current line (after its LX, SV1 and DTP*472 were read); false (and the transaction failed) when it is incomplete.</summary>
    private bool FinishLine(string id, ReadOnlySpan<char> text)
    {
        if (_line is not { } line)
        {
            return true;
        }

        _line = null;
        if (!line.HasService)
        {
            Fail(id, "", text, $"SV1 in service line {line.Number} (LX*{line.Number} has no SV1)");
            return false;
        }

        if (line.From is not { } from)
        {
            Fail(id, "", text, $"DTP*472, the date of service, in service line {line.Number}");
            return false;
        }

        var l = line.Line with { DateOfService = from };
        if (l.Modifiers.Contains(Modifier55))
        {
            l = l with { PostoperativeCareAssumed = _claim!.Assumed, PostoperativeCareRelinquished = _claim.Relinquished };
        }

        _claim!.Lines.Add(new ProfessionalServiceLine
        {
            Number = line.Number,
            Line = l,
            UnitBasis = line.Basis,
            Quantity = line.Quantity,
            ThroughDate = line.Through ?? from,
            DiagnosisPointers = line.Pointers,
            ControlNumber = line.Control,
        });
        return true;
    }

    private static readonly Modifier Modifier55 = Modifier.Parse("55");

    /// <summary>Ends the current claim; false (and the transaction failed) when it is incomplete or does not add up.</summary>
    private bool FinishClaim(string id, ReadOnlySpan<char> text)
    {
        if (!FinishLine(id, text))
        {
            return false;
        }

        if (_claim is not { } claim)
        {
            return true;
        }

        _claim = null;
        if (claim.Lines.Count == 0)
        {
            Fail(id, "", text, $"a service line (LX, SV1) in claim {claim.Id}");
            return false;
        }

        decimal sum = 0m;
        foreach (var line in claim.Lines)
        {
            sum += line.Line.BilledCharge!.Value;
        }

        if (sum != claim.Charge)
        {
            Fail(id, "CLM02", claim.Charge.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{sum}, the sum of the line charges (SV102) of claim {claim.Id}"));
            return false;
        }

        string zip = _facility is { Zip.Length: > 0 } f ? f.Zip : _billing.Zip;
        if (zip.Length == 0)
        {
            Fail(id, "", text, $"the billing provider's N4 (loop 2010AA) with its ZIP code, for claim {claim.Id}");
            return false;
        }

        var patient = _hlLevel == 23 ? _patient : _subscriber;
        var lines = ImmutableArray.CreateBuilder<ClaimLine>(claim.Lines.Count);
        foreach (var line in claim.Lines)
        {
            lines.Add(line.Line);
        }

        _pending.Add(new ProfessionalClaim
        {
            ClaimId = claim.Id,
            TotalCharge = claim.Charge,
            PlaceOfService = claim.Pos,
            FrequencyCode = claim.Frequency,
            Assignment = claim.Assignment,
            Claim = new Claim([])
            {
                Lines = lines.MoveToImmutable(),
                Location = PricingLocation.OfZip(zip),
                BeneficiaryZip = _subscriber.Zip.Length >= 5 ? _subscriber.Zip[..5] : null, // the subscriber's N4 (2010BA): a Medicare beneficiary is the subscriber
                PlaceOfService = claim.Pos,
                Provider = ProviderTaxonomy.KindOf(_rendering is { Taxonomy.Length: > 0 } r ? r.Taxonomy : _billing.Taxonomy),
                Participation = claim.Assignment != "C" ? Participation.Participating : Participation.NonParticipating,
                ApplySequestration = _options.ApplySequestration,
                DeductibleRemaining = _options.DeductibleRemaining,
            },
            ServiceLines = [.. claim.Lines],
            Diagnoses = [.. claim.Diagnoses],
            References = [.. claim.References],
            BillingProvider = _billing,
            Subscriber = _subscriber,
            Patient = patient,
            FilingIndicator = _filing,
            RenderingProvider = _rendering,
            ServiceFacility = _facility,
            CareAssumed = claim.Assumed,
            CareRelinquished = claim.Relinquished,
            Envelope = _envelopes.Envelope,
        });
        return true;
    }
}
