namespace GradGen.Numerics.Tests;
