"""Peer for bench/ml/gbdt-bench.ts: scikit-learn's HistGradientBoostingClassifier on the same data.

Usage: python3 sklearn-peer.py <folder> <features> <trees> <depth> <learning_rate>
The folder holds train-x.f64 / train-y.f64 / test-x.f64 / test-y.f64 (little-endian float64,
features row-major) written by the TypeScript bench. Prints one JSON object:
{"seconds": train wall seconds, "cpu_seconds": process CPU seconds, "auc": test AUC,
"predict_rows_per_sec": predict_proba over the training rows (its own threads)}.
Settings mirror the bench: max_iter = trees, max_depth = depth, no leaf cap beyond depth
(max_leaf_nodes=None), learning rate, l2_regularization 0, min_samples_leaf 20, 255 bins,
no early stopping.
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score


def main() -> None:
    folder, features, trees, depth, learning_rate = sys.argv[1:6]
    d = int(features)

    def load(name: str) -> np.ndarray:
        return np.fromfile(os.path.join(folder, name), dtype="<f8")

    train_x = load("train-x.f64").reshape(-1, d)
    train_y = load("train-y.f64")
    test_x = load("test-x.f64").reshape(-1, d)
    test_y = load("test-y.f64")
    model = HistGradientBoostingClassifier(
        max_iter=int(trees),
        max_depth=int(depth),
        max_leaf_nodes=None,
        learning_rate=float(learning_rate),
        l2_regularization=0.0,
        min_samples_leaf=20,
        max_bins=255,
        early_stopping=False,
        random_state=0,
    )
    wall = time.perf_counter()
    cpu = time.process_time()
    model.fit(train_x, train_y)
    seconds = time.perf_counter() - wall
    cpu_seconds = time.process_time() - cpu
    auc = roc_auc_score(test_y, model.predict_proba(test_x)[:, 1])
    model.predict_proba(train_x[:10000])  # warm-up
    predict_wall = time.perf_counter()
    model.predict_proba(train_x)
    predict_rows_per_sec = len(train_x) / (time.perf_counter() - predict_wall)
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "auc": float(auc),
                      "predict_rows_per_sec": predict_rows_per_sec}))


if __name__ == "__main__":
    main()
