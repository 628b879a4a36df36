using System.Globalization;

namespace LogisticRegression;

/// <summary>
/// Fisher's Iris data: 150 flowers, 50 of each of three species, four measurements in centimetres.
/// R. A. Fisher, "The use of multiple measurements in taxonomic problems", Annals of Eugenics 7 (1936)
/// 179–188; measured by Edgar Anderson. The data are public domain. <c>iris.csv</c> holds Fisher's values
/// (with rows 35 and 38 as in the paper, which some copies of the data carry wrongly; see Bezdek et al.,
/// IEEE Transactions on Fuzzy Systems 7 (1999) 368–369). Column means: 5.843, 3.057, 3.758, 1.199.
/// </summary>
public static class Iris
{
    /// <summary>Path of the CSV shipped beside the program.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "iris.csv");

    /// <summary>Every row of the CSV.</summary>
    public static IReadOnlyList<Flower> Load(string? path = null)
    {
        var flowers = new List<Flower>();
        foreach (string line in File.ReadLines(path ?? DefaultPath).Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            string[] f = line.Split(',');
            double D(int i) => double.Parse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture);
            flowers.Add(new Flower(D(0), D(1), D(2), D(3), f[4]));
        }

        return flowers;
    }
}

/// <summary>One flower's measurements (cm) and species.</summary>
public readonly record struct Flower(double SepalLength, double SepalWidth, double PetalLength, double PetalWidth, string Species);
