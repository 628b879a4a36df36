namespace InteractiveDemo.Model;

/// <summary>
/// The data the page fits: 30 points near y = 2.5·x − 1.2 with Gaussian noise (σ = 0.5), x in [−1, 3], written
/// out to two decimals. Literal numbers, not a random generator, so that the browser and a test running on
/// .NET see exactly the same doubles.
/// </summary>
public static class Points
{
    /// <summary>The x of each point.</summary>
    public static readonly double[] Xs =
    [
        -0.94, -0.53, -0.48, -0.26, -0.22, -0.14, -0.10, -0.06, 0.01, 0.04,
        0.18, 0.46, 0.58, 0.72, 0.77, 0.95, 1.09, 1.22, 1.43, 1.60,
        1.71, 1.76, 1.94, 1.98, 2.24, 2.28, 2.40, 2.40, 2.49, 2.80,
    ];

    /// <summary>The y of each point.</summary>
    public static readonly double[] Ys =
    [
        -3.60, -2.34, -2.77, -1.82, -1.88, -1.10, -1.17, -1.33, -1.83, -1.40,
        -1.62, -0.44, 0.42, -0.04, 0.87, 1.20, 1.83, 1.85, 2.77, 2.95,
        2.81, 1.81, 4.07, 2.87, 4.72, 4.94, 4.10, 4.43, 5.30, 5.90,
    ];
}
