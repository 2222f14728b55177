//! Turning the user's PATH arguments into a list of inputs: files as given, folders walked
//! recursively in a stable order, "-" for stdin.

use std::fs;
use std::path::{Path, PathBuf};

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    /// A file; `explicit` when the user named it (then an unknown format is an error, while in a
    /// walked folder it is skipped: folders hold READMEs and recordings too).
    File {
        path: PathBuf,
        explicit: bool,
    },
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File { path, .. } => path.display().to_string(),
        }
    }
}

/// A path that could not be listed, with the reason.
#[derive(Debug)]
pub struct WalkError {
    pub path: PathBuf,
    pub reason: String,
}

/// Expands the arguments. Hidden files and folders (".git") are skipped inside walked folders,
/// and entries are sorted so that output order does not depend on the file system.
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<WalkError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    if paths.is_empty() {
        inputs.push(Input::Stdin);
    }
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if p.is_dir() {
            walk(p, &mut inputs, &mut errors);
        } else if p.exists() {
            inputs.push(Input::File {
                path: p.clone(),
                explicit: true,
            });
        } else {
            errors.push(WalkError {
                path: p.clone(),
                reason: "no such file or folder".to_string(),
            });
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<WalkError>) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(WalkError {
                path: dir.to_path_buf(),
                reason: e.to_string(),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, inputs, errors);
        } else {
            inputs.push(Input::File {
                path: p,
                explicit: false,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_paths_means_stdin_and_dash_is_stdin() {
        assert_eq!(expand(&[]).0, vec![Input::Stdin]);
        assert_eq!(expand(&[PathBuf::from("-")]).0, vec![Input::Stdin]);
    }

    #[test]
    fn a_missing_path_is_reported_not_fatal() {
        let (inputs, errors) = expand(&[
            PathBuf::from("/definitely/not/here.json"),
            PathBuf::from("-"),
        ]);
        assert_eq!(inputs, vec![Input::Stdin]);
        assert_eq!(errors.len(), 1);
    }
}
