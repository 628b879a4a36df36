using System.Globalization;

namespace InteractiveDemo;

/// <summary>The two pictures' coordinates and colours, shared by the page and its heat map.</summary>
public static class Plot
{
    /// <summary>Side of each square picture in pixels; the SVGs are drawn 1:1, so a click's offset is a pixel.</summary>
    public const double Size = 420;

    /// <summary>Left and top margin of the plotting area (room for the axis labels).</summary>
    public const double Left = 44, Top = 12;

    /// <summary>Side of the square plotting area.</summary>
    public const double Area = 360;

    /// <summary>The range of w shown on the loss surface.</summary>
    public const double WMin = -2, WMax = 5;

    /// <summary>The range of b shown on the loss surface.</summary>
    public const double BMin = -4, BMax = 4;

    /// <summary>The range of x shown with the data.</summary>
    public const double XMin = -1.5, XMax = 3.5;

    /// <summary>The range of y shown with the data.</summary>
    public const double YMin = -5, YMax = 7;

    /// <summary>Horizontal pixel of a value in [min, max].</summary>
    public static double Px(double value, double min, double max) => Left + (value - min) / (max - min) * Area;

    /// <summary>Vertical pixel of a value in [min, max] (up is larger).</summary>
    public static double Py(double value, double min, double max) => Top + (max - value) / (max - min) * Area;

    /// <summary>The value under a horizontal pixel.</summary>
    public static double FromPx(double px, double min, double max) => min + (px - Left) / Area * (max - min);

    /// <summary>The value under a vertical pixel.</summary>
    public static double FromPy(double py, double min, double max) => max - (py - Top) / Area * (max - min);

    /// <summary>A number as SVG wants it: invariant, few digits.</summary>
    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A number that reads back as the same double (for the data-value attributes the tests read).</summary>
    public static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // A perceptually ordered dark-blue → teal → yellow ramp (hand-picked stops, linearly interpolated).
    private static readonly (double R, double G, double B)[] Ramp =
    [
        (48, 18, 59), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37),
    ];

    /// <summary>The colour of t in [0, 1] on the ramp.</summary>
    public static string Colour(double t)
    {
        t = Math.Clamp(t, 0, 1) * (Ramp.Length - 1);
        int i = Math.Min((int)t, Ramp.Length - 2);
        double f = t - i;
        var (r0, g0, b0) = Ramp[i];
        var (r1, g1, b1) = Ramp[i + 1];
        return string.Create(CultureInfo.InvariantCulture,
            $"rgb({r0 + f * (r1 - r0):0},{g0 + f * (g1 - g0):0},{b0 + f * (b1 - b0):0})");
    }
}
