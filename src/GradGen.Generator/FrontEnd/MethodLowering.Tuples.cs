using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// Lowering of tuple deconstruction, <c>var (x, v) = (x0, v0)</c> and <c>(a, b) = (b, a)</c>: one assignment per
    /// element, with C#'s order kept. C# evaluates the targets' indices, then every value, then assigns left to right;
    /// a value that reads a variable an earlier element assigns, and an index that a value or an earlier element could
    /// change, are read into locals first, so a swap swaps.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>Lowers <paramref name="deconstruction"/> when its value is a tuple literal; false (reporting nothing)
        /// for anything else.</summary>
        private bool LowerTupleDeconstruction(IDeconstructionAssignmentOperation deconstruction, List<Stmt> output)
        {
            IOperation value = deconstruction.Value;
            while (value is IConversionOperation { IsImplicit: true } conversion) value = conversion.Operand;
            IOperation target = deconstruction.Target is IDeclarationExpressionOperation declaration ? declaration.Expression : deconstruction.Target;
            if (value is not ITupleOperation values || target is not ITupleOperation targets || values.Elements.Length != targets.Elements.Length)
            {
                return false;
            }

            var targetOperations = targets.Elements.Select(e => e is IDeclarationExpressionOperation declared ? declared.Expression : e).ToList();
            if (targetOperations.Any(t => t is ITupleOperation) || values.Elements.Any(v => v is ITupleOperation))
            {
                RejectDeclaredLocals(deconstruction.Target);
                Report(DiagnosticDescriptors.UnsupportedExpression, deconstruction.Syntax.GetLocation(), Abbreviate(deconstruction.Syntax), "nested tuples are not supported; deconstruct one level at a time");
                return true;
            }

            // The targets: a declared local, an existing local or parameter, an element of a local array, or a discard.
            var slots = new List<(Variable? Declared, Expr? Target)>();
            bool ok = true;
            foreach (IOperation t in targetOperations)
            {
                switch (t)
                {
                    case IDiscardOperation:
                        slots.Add((null, null));
                        break;
                    case ILocalReferenceOperation { IsDeclaration: true } declared:
                        {
                            TypeRef? type = SymbolFacts.Classify(declared.Local.Type);
                            if (type is not { IsScalar: true } || type.Value.Scalar == ScalarKind.Other || declared.Local.IsRef)
                            {
                                _rejectedLocals.Add(declared.Local);
                                Report(DiagnosticDescriptors.UnsupportedExpression, t.Syntax.GetLocation(), t.Syntax.ToString(),
                                    "a local deconstructed from a tuple must be a double, float, int, long or bool");
                                ok = false;
                                slots.Add((null, null));
                                break;
                            }

                            var variable = new Variable(_nextId++, declared.Local.Name, type.Value, VariableKind.Local);
                            slots.Add((variable, null));
                            break;
                        }

                    default:
                        {
                            Expr? loweredTarget = LowerTarget(t);
                            if (loweredTarget is null) ok = false;
                            slots.Add((null, loweredTarget));
                            break;
                        }
                }
            }

            var lowered = new List<Expr?>();
            foreach (IOperation v in values.Elements) lowered.Add(LowerExpression(v));
            if (!ok || lowered.Any(v => v is null))
            {
                RejectDeclaredLocals(deconstruction.Target);
                return true;
            }

            // Indices of element targets are computed before any value and any assignment.
            for (int i = 0; i < slots.Count; i++)
            {
                if (slots[i].Target is ElementAccess { Index: not (IntConst or VarRef { Var.Kind: VariableKind.Synthetic }) } element)
                {
                    Expr index = Hoist(element.Index, output);
                    var indexLocal = new Variable(_nextId++, NextTempName("_index"), index.Type, VariableKind.Synthetic);
                    output.Add(new Declare(indexLocal, index));
                    slots[i] = (null, element with { Index = new VarRef(indexLocal) });
                }
            }

            // Then every value, in order; one that an earlier assignment would change is read into a local first.
            var ready = new Expr[lowered.Count];
            for (int j = 0; j < lowered.Count; j++)
            {
                Expr v = Hoist(lowered[j]!, output);
                TypeRef type = slots[j].Declared?.Type ?? slots[j].Target?.Type ?? v.Type;
                v = Converted(v, type);
                bool changedBefore = Enumerable.Range(0, j).Any(i => slots[i].Target is { } earlier && ReadsTarget(v, earlier));
                if (changedBefore && v is not (RealConst or IntConst or BoolConst))
                {
                    var copy = new Variable(_nextId++, NextTempName("_tuple"), v.Type, VariableKind.Synthetic);
                    output.Add(new Declare(copy, v));
                    v = new VarRef(copy);
                }

                ready[j] = v;
            }

            for (int j = 0; j < slots.Count; j++)
            {
                (Variable? declared, Expr? assigned) = slots[j];
                if (declared is not null)
                {
                    var local = (ILocalReferenceOperation)targetOperations[j];
                    _variables[local.Local] = declared;
                    output.Add(new Declare(declared, ready[j]));
                }
                else if (assigned is not null)
                {
                    output.Add(new Assign(assigned, ready[j]));
                }
            }

            return true;
        }

        /// <summary>Whether <paramref name="value"/> reads what assigning <paramref name="target"/> changes (a variable, or
        /// any element of an array).</summary>
        private static bool ReadsTarget(Expr value, Expr target) => target switch
        {
            VarRef v => IrWalker.ReadsVariable(value, v.Var),
            ElementAccess { Sequence: VarRef array } => IrWalker.ReadsVariable(value, array.Var),
            _ => true,
        };

        private void RejectDeclaredLocals(IOperation target)
        {
            foreach (IOperation part in target.DescendantsAndSelf())
            {
                if (part is ILocalReferenceOperation { IsDeclaration: true } declared) _rejectedLocals.Add(declared.Local);
            }
        }
    }
}
