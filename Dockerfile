# RNN Playground in a container: CPU-only torch (no GPU wheels), one Streamlit server.
#   docker build -t rnn-playground . && docker run -p 8501:8501 rnn-playground
# A host that assigns a port passes it as $PORT (e.g. -e PORT=8080).
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PORT=8501
# A hosted demo is shared: a session's training may use at most a quarter of a core
# (playground/pacing.py; -e RNNPG_SESSION_CPU_SHARE=1 lifts it).
ENV RNNPG_SESSION_CPU_SHARE=0.25
WORKDIR /app
COPY requirements.txt .
# The CPU wheel index first: torch then comes without CUDA libraries (about 200 MB, not 2 GB).
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0 \
 && pip install -r requirements.txt
COPY streamlit_app.py README.md ./
# Streamlit reads .streamlit/config.toml from the working folder /app: server settings, and short
# errors without tracebacks for visitors. This image is Streamlit alone, so the host's proxy must
# add the security headers and the /_stcore/metrics block that deploy/nginx.conf.template sets.
COPY .streamlit .streamlit
COPY assets assets
COPY engine engine
COPY playground playground
# A fixed uid, so a Kubernetes securityContext (deploy/kubernetes) can name it.
RUN useradd --create-home --uid 10001 app
USER app
EXPOSE 8501
HEALTHCHECK CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/_stcore/health')"
CMD ["sh", "-c", "exec streamlit run streamlit_app.py --server.port=${PORT} --server.address=0.0.0.0"]
