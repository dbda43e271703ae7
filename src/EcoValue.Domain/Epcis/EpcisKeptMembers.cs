using System.Collections.Frozen;
using System.Text.Json;
using static EcoValue.Domain.Epcis.EpcisJson;

namespace EcoValue.Domain.Epcis;

/// <summary>
/// Checks for the members an event carries without interpreting (sensor data, business transactions, sources and
/// destinations, persistent disposition, certification info, error declaration, ILMD), mirroring the GS1 EPCIS 2.0 JSON
/// schema's definitions of the same names, so that exporting them verbatim stays schema-valid.
/// </summary>
internal static class EpcisKeptMembers
{
    private enum ValueRule
    {
        Time,
        Uri,
        Number,
        String,
        Boolean,
        HexBinary,
        MeasurementType,
        AlertType,
        Component,
    }

    private static readonly FrozenDictionary<string, ValueRule> SensorMetadata = new Dictionary<string, ValueRule>
    {
        ["time"] = ValueRule.Time,
        ["deviceID"] = ValueRule.Uri,
        ["deviceMetadata"] = ValueRule.Uri,
        ["rawData"] = ValueRule.Uri,
        ["startTime"] = ValueRule.Time,
        ["endTime"] = ValueRule.Time,
        ["dataProcessingMethod"] = ValueRule.Uri,
        ["bizRules"] = ValueRule.Uri,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, ValueRule> SensorReport = new Dictionary<string, ValueRule>
    {
        ["type"] = ValueRule.MeasurementType,
        ["exception"] = ValueRule.AlertType,
        ["deviceID"] = ValueRule.Uri,
        ["deviceMetadata"] = ValueRule.Uri,
        ["rawData"] = ValueRule.Uri,
        ["dataProcessingMethod"] = ValueRule.Uri,
        ["bizRules"] = ValueRule.Uri,
        ["time"] = ValueRule.Time,
        ["microorganism"] = ValueRule.Uri,
        ["chemicalSubstance"] = ValueRule.Uri,
        ["coordinateReferenceSystem"] = ValueRule.Uri,
        ["value"] = ValueRule.Number,
        ["component"] = ValueRule.Component,
        ["stringValue"] = ValueRule.String,
        ["booleanValue"] = ValueRule.Boolean,
        ["hexBinaryValue"] = ValueRule.HexBinary,
        ["uriValue"] = ValueRule.Uri,
        ["minValue"] = ValueRule.Number,
        ["maxValue"] = ValueRule.Number,
        ["meanValue"] = ValueRule.Number,
        ["sDev"] = ValueRule.Number,
        ["percRank"] = ValueRule.Number,
        ["percValue"] = ValueRule.Number,
        ["uom"] = ValueRule.String,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // EPCIS-JSON-Schema.json definitions/measurementType, sensorAlertType, component, bizTransaction-type,
    // source-dest-type and error-reason.
    private static readonly FrozenSet<string> MeasurementTypes = FrozenSet.ToFrozenSet(
    [
        "AbsoluteHumidity", "AbsorbedDose", "AbsorbedDoseRate", "Acceleration", "Radioactivity", "Altitude", "AmountOfSubstance",
        "AmountOfSubstancePerUnitVolume", "Angle", "AngularAcceleration", "AngularMomentum", "AngularVelocity", "Area", "Capacitance",
        "Conductance", "Conductivity", "Count", "Density", "Dimensionless", "DoseEquivalent", "DoseEquivalentRate", "DynamicViscosity",
        "ElectricCharge", "ElectricCurrent", "ElectricCurrentDensity", "ElectricFieldStrength", "Energy", "Exposure", "Force",
        "Frequency", "Illuminance", "Inductance", "Irradiance", "KinematicViscosity", "Length", "LinearMomentum", "Luminance",
        "LuminousFlux", "LuminousIntensity", "MagneticFlux", "MagneticFluxDensity", "MagneticVectorPotential", "Mass",
        "MassConcentration", "MassFlowRate", "MassPerAreaTime", "MemoryCapacity", "MolalityOfSolute", "MolarEnergy", "MolarMass",
        "MolarVolume", "Power", "Pressure", "RadiantFlux", "RadiantIntensity", "RelativeHumidity", "Resistance", "Resistivity",
        "SolidAngle", "SpecificVolume", "Speed", "SurfaceDensity", "SurfaceTension", "Temperature", "Time", "Torque", "Voltage",
        "Volume", "VolumeFlowRate", "VolumeFraction", "VolumetricFlux", "Wavenumber",
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string> AlertTypes = FrozenSet.ToFrozenSet(["ALARM_CONDITION", "ERROR_CONDITION"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> Components = FrozenSet.ToFrozenSet(
    [
        "x", "y", "z", "axial_distance", "azimuth", "height", "spherical_radius", "polar_angle", "elevation_angle", "easting",
        "northing", "latitude", "longitude", "altitude",
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string> BizTransactionTypes = FrozenSet.ToFrozenSet(
        ["bol", "cert", "desadv", "inv", "pedigree", "po", "poc", "prodorder", "recadv", "rma", "testprd", "testres", "upevt"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> SourceDestTypes = FrozenSet.ToFrozenSet(["owning_party", "possessing_party", "location"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> ErrorReasons = FrozenSet.ToFrozenSet(["did_not_occur", "incorrect_data"], StringComparer.Ordinal);

    public static string? SensorElementList(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors)
    {
        var before = errors.Total;
        if (!IsArray(value, path, errors))
        {
            return null;
        }

        var i = 0;
        foreach (var element in value.EnumerateArray())
        {
            var ep = Index(path, i++);
            if (!IsObject(element, ep, errors))
            {
                continue;
            }

            var hasReport = false;
            foreach (var p in element.EnumerateObject())
            {
                var name = Name(p, ep, errors);
                switch (name)
                {
                    case null:
                        break;
                    case "sensorMetadata":
                        if (IsObject(p.Value, Member(ep, name), errors))
                        {
                            CheckMembers(p.Value, Member(ep, name), SensorMetadata, errors);
                        }

                        break;
                    case "sensorReport":
                        hasReport = true;
                        SensorReports(p.Value, Member(ep, name), errors);
                        break;
                    default:
                        ExtensionName(name, Member(ep, name), errors);
                        break;
                }
            }

            if (!hasReport)
            {
                errors.Add(EpcisErrors.Missing(Member(ep, "sensorReport"), "epcis.sensor_report.missing"));
            }
        }

        return errors.Total == before ? Compact(value, path, depth, maxDepth, errors) : null;
    }

    public static string? BizTransactionList(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors) =>
        TypedLinks(value, path, depth, maxDepth, errors, "bizTransaction", typeRequired: false, BizTransactionTypes, "business transaction type");

    public static string? SourceList(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors) =>
        TypedLinks(value, path, depth, maxDepth, errors, "source", typeRequired: true, SourceDestTypes, "source type");

    public static string? DestinationList(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors) =>
        TypedLinks(value, path, depth, maxDepth, errors, "destination", typeRequired: true, SourceDestTypes, "destination type");

    public static string? PersistentDisposition(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors)
    {
        var before = errors.Total;
        if (!IsObject(value, path, errors))
        {
            return null;
        }

        var any = false;
        foreach (var p in value.EnumerateObject())
        {
            var name = Name(p, path, errors);
            var mp = Member(path, name ?? "?");
            if (name is "set" or "unset")
            {
                any = true;
                if (!IsArray(p.Value, mp, errors))
                {
                    continue;
                }

                var seen = new HashSet<string>(StringComparer.Ordinal);
                var i = 0;
                foreach (var item in p.Value.EnumerateArray())
                {
                    var ip = Index(mp, i++);
                    var s = String(item, ip, errors);
                    if (s is not null && !(EpcisVocabulary.CbvDispositions.Contains(s) || IsOtherUri(s)))
                    {
                        errors.Add(EpcisErrors.Disposition(ip, s));
                    }
                    else if (s is not null && !seen.Add(s))
                    {
                        errors.Add(EpcisErrors.DuplicateEpc(ip));
                    }
                }

                if (i == 0)
                {
                    errors.Add(EpcisErrors.Value(mp, "must not be empty", "不能为空"));
                }
            }
            else if (name is not null)
            {
                errors.Add(EpcisErrors.UnknownMember(mp));
            }
        }

        if (!any)
        {
            errors.Add(EpcisErrors.Value(path, "needs set or unset", "须包含 set 或 unset"));
        }

        return errors.Total == before ? Compact(value, path, depth, maxDepth, errors) : null;
    }

    public static string? CertificationInfo(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors)
    {
        var before = errors.Total;
        if (value.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Uri(item, Index(path, i++), errors);
            }
        }
        else
        {
            Uri(value, path, errors);
        }

        return errors.Total == before ? Compact(value, path, depth, maxDepth, errors) : null;
    }

    public static string? ErrorDeclaration(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors)
    {
        var before = errors.Total;
        if (!IsObject(value, path, errors))
        {
            return null;
        }

        var hasTime = false;
        foreach (var p in value.EnumerateObject())
        {
            var name = Name(p, path, errors);
            var mp = Member(path, name ?? "?");
            switch (name)
            {
                case null:
                    break;
                case "declarationTime":
                    hasTime = true;
                    Check(p.Value, mp, ValueRule.Time, errors);
                    break;
                case "reason":
                    var reason = String(p.Value, mp, errors);
                    if (reason is not null && !(ErrorReasons.Contains(reason) || IsOtherUri(reason)))
                    {
                        errors.Add(EpcisErrors.Vocabulary(mp, "error reason (did_not_occur, incorrect_data or a URI)"));
                    }

                    break;
                case "correctiveEventIDs":
                    if (IsArray(p.Value, mp, errors))
                    {
                        var i = 0;
                        foreach (var id in p.Value.EnumerateArray())
                        {
                            Uri(id, Index(mp, i++), errors);
                        }
                    }

                    break;
                default:
                    ExtensionName(name, mp, errors);
                    break;
            }
        }

        if (!hasTime)
        {
            errors.Add(EpcisErrors.Missing(Member(path, "declarationTime"), "epcis.error_declaration.time_missing"));
        }

        return errors.Total == before ? Compact(value, path, depth, maxDepth, errors) : null;
    }

    /// <summary>ILMD: an object whose member names are namespaced (URIs); values are free.</summary>
    public static string? Ilmd(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors)
    {
        var before = errors.Total;
        if (!IsObject(value, path, errors))
        {
            return null;
        }

        foreach (var p in value.EnumerateObject())
        {
            var name = Name(p, path, errors);
            if (name is not null)
            {
                ExtensionName(name, Member(path, name), errors);
            }
        }

        return errors.Total == before ? Compact(value, path, depth, maxDepth, errors) : null;
    }

    /// <summary>An extension member name must be a URI (a compact IRI such as <c>example:field</c> is one).</summary>
    public static bool ExtensionName(string name, string path, ErrorSink errors)
    {
        if (EpcisUri.IsValid(name))
        {
            return true;
        }

        errors.Add(EpcisErrors.UnknownMember(path));
        return false;
    }

    /// <summary>The schema's vocab-other-uri: a URI outside the CBV namespaces.</summary>
    public static bool IsOtherUri(string s) =>
        EpcisUri.IsValid(s) && !s.StartsWith("urn:epcglobal:cbv", StringComparison.Ordinal)
        && !s.StartsWith("http://ns.gs1.org/cbv/", StringComparison.Ordinal) && !s.StartsWith("https://ns.gs1.org/cbv/", StringComparison.Ordinal);

    private static string? TypedLinks(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors, string target, bool typeRequired, FrozenSet<string> types, string typeName)
    {
        var before = errors.Total;
        if (!IsArray(value, path, errors))
        {
            return null;
        }

        var i = 0;
        foreach (var element in value.EnumerateArray())
        {
            var ep = Index(path, i++);
            if (!IsObject(element, ep, errors))
            {
                continue;
            }

            bool hasType = false, hasTarget = false;
            foreach (var p in element.EnumerateObject())
            {
                var name = Name(p, ep, errors);
                var mp = Member(ep, name ?? "?");
                if (name == "type")
                {
                    hasType = true;
                    var t = String(p.Value, mp, errors);
                    if (t is not null && !(types.Contains(t) || IsOtherUri(t)))
                    {
                        errors.Add(EpcisErrors.Vocabulary(mp, typeName));
                    }
                }
                else if (name == target)
                {
                    hasTarget = true;
                    Uri(p.Value, mp, errors);
                }
                else if (name is not null)
                {
                    errors.Add(EpcisErrors.UnknownMember(mp));
                }
            }

            if (!hasTarget)
            {
                errors.Add(EpcisErrors.Missing(Member(ep, target), "epcis.value.missing"));
            }

            if (typeRequired && !hasType)
            {
                errors.Add(EpcisErrors.Missing(Member(ep, "type"), "epcis.value.missing"));
            }
        }

        return errors.Total == before ? Compact(value, path, depth, maxDepth, errors) : null;
    }

    private static void SensorReports(JsonElement value, string path, ErrorSink errors)
    {
        if (!IsArray(value, path, errors))
        {
            return;
        }

        var i = 0;
        foreach (var report in value.EnumerateArray())
        {
            var rp = Index(path, i++);
            if (IsObject(report, rp, errors))
            {
                CheckMembers(report, rp, SensorReport, errors);
                if (!report.TryGetProperty("type", out _))
                {
                    errors.Add(EpcisErrors.Missing(Member(rp, "type"), "epcis.value.missing"));
                }
            }
        }

        if (i == 0)
        {
            errors.Add(EpcisErrors.Value(path, "needs at least one sensor report", "至少须有一条传感器报告"));
        }
    }

    private static void CheckMembers(JsonElement obj, string path, FrozenDictionary<string, ValueRule> rules, ErrorSink errors)
    {
        foreach (var p in obj.EnumerateObject())
        {
            var name = Name(p, path, errors);
            if (name is null)
            {
                continue;
            }

            if (rules.TryGetValue(name, out var rule))
            {
                Check(p.Value, Member(path, name), rule, errors);
            }
            else
            {
                ExtensionName(name, Member(path, name), errors);
            }
        }
    }

    private static void Check(JsonElement value, string path, ValueRule rule, ErrorSink errors)
    {
        switch (rule)
        {
            case ValueRule.Number:
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var d) || !double.IsFinite(d))
                {
                    errors.Add(EpcisErrors.Value(path, "must be a finite number", "必须为有限数值"));
                }

                return;
            case ValueRule.Boolean:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add(EpcisErrors.Value(path, "must be true or false", "必须为 true 或 false"));
                }

                return;
        }

        var s = String(value, path, errors);
        if (s is null)
        {
            return;
        }

        var ok = rule switch
        {
            ValueRule.Time => EpcisTime.TryParse(s, out _),
            ValueRule.Uri => EpcisUri.IsValid(s),
            ValueRule.HexBinary => s.Length > 0 && s.All(char.IsAsciiHexDigit),
            ValueRule.MeasurementType => MeasurementTypes.Contains(s) || IsNonGs1WebVocUri(s),
            ValueRule.AlertType => AlertTypes.Contains(s) || IsNonGs1WebVocUri(s),
            ValueRule.Component => Components.Contains(s) || IsOtherUri(s),
            _ => true,
        };
        if (!ok)
        {
            errors.Add(rule switch
            {
                ValueRule.Time => EpcisErrors.Time(path, "epcis.value.time"),
                ValueRule.Uri => EpcisErrors.NotUri(path),
                _ => EpcisErrors.Vocabulary(path, rule.ToString()),
            });
        }
    }

    // definitions/vocab-nonGS1WebVoc-uri: a URI not in the GS1 Web Vocabulary namespace.
    private static bool IsNonGs1WebVocUri(string s) =>
        EpcisUri.IsValid(s)
        && !s.StartsWith("http://gs1.org/voc/", StringComparison.Ordinal) && !s.StartsWith("https://gs1.org/voc/", StringComparison.Ordinal)
        && !s.StartsWith("http://www.gs1.org/voc/", StringComparison.Ordinal) && !s.StartsWith("https://www.gs1.org/voc/", StringComparison.Ordinal);

    private static bool IsObject(JsonElement value, string path, ErrorSink errors)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        errors.Add(EpcisErrors.NotObject(path));
        return false;
    }

    private static bool IsArray(JsonElement value, string path, ErrorSink errors)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            return true;
        }

        errors.Add(EpcisErrors.NotArray(path));
        return false;
    }
}
